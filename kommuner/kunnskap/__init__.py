"""The knowledge base (kunnskapsgrunnlag): indicators, values with an approval flow,
baselines, tiltak, the challenge picture, attachments, the agencies' offers and the
knowledge package. A subpackage of ``kommuner``: its tables belong to that app."""
