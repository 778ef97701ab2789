from django.db import migrations, models

from felles.datastand import funksjon_operasjon


class Migration(migrations.Migration):

    dependencies = [
        ('felles', '0004_varsel_tittel_uoversatt'),
    ]

    operations = [
        migrations.CreateModel(
            name='Datastand',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('gruppe', models.CharField(max_length=40)),
                ('txid', models.BigIntegerField(blank=True, null=True)),
                ('vekt', models.PositiveBigIntegerField(default=1)),
            ],
            options={
                'verbose_name': 'datastand',
                'verbose_name_plural': 'datastander',
                'constraints': [models.UniqueConstraint(fields=('gruppe', 'txid'), name='datastand_gruppe_txid')],
            },
        ),
        funksjon_operasjon(),
    ]
