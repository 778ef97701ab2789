// Dashboard charts (Chart.js). Each canvas names a json_script element with its data;
// the same numbers are in a table next to the chart.
(function () {
  if (typeof Chart === "undefined") return;
  // Numbers the page's language's way: "1 400 000" and "12,4" in Norwegian,
  // "1,400,000" and "12.4" in English (<html lang>), on the axes and in the tooltips.
  const lang = (document.documentElement.lang || "nb").toLowerCase();
  const locale = lang.startsWith("en") ? "en-GB" : "nb-NO";
  const tall = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const kr = (v) => (locale === "nb-NO" ? `${tall.format(v)}\u00a0kr` : `NOK ${tall.format(v)}`);
  Chart.defaults.locale = locale;
  const ticks = (format) => ({ callback: (v) => format(v) });
  const tooltip = (format) => ({
    callbacks: {
      label: (ctx) => {
        const value = ctx.parsed.y;
        const text = value === null || value === undefined ? "–" : format(value);
        return ctx.dataset.label ? `${ctx.dataset.label}: ${text}` : text;
      },
    },
  });
  const colours = ["#123c5a", "#b3541e", "#2e7d32", "#6a1b9a", "#00838f", "#5d4037", "#ad1457"];
  const scale = ["Ikke startet", "I liten grad", "I noen grad", "I stor grad", "Oppnådd"];
  document.querySelectorAll("canvas[data-chart]").forEach((canvas) => {
    const data = JSON.parse(document.getElementById(canvas.dataset.source).textContent);
    if (canvas.dataset.chart === "line") {
      new Chart(canvas, {
        type: "line",
        data: {
          labels: data.perioder,
          datasets: data.serier.map((s, i) => ({
            label: s.mal, data: s.verdier, borderColor: colours[i % colours.length],
            backgroundColor: colours[i % colours.length], spanGaps: true,
          })),
        },
        options: {
          scales: { y: { min: 0, max: 4, ticks: { stepSize: 1, callback: (v) => scale[v] } } },
        },
      });
    } else if (canvas.dataset.chart === "tilskudd") {
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [
            { label: data.navn[0], data: data.innvilget, backgroundColor: colours[0] },
            { label: data.navn[1], data: data.utbetalt, backgroundColor: colours[1] },
          ],
        },
        options: {
          scales: { y: { beginAtZero: true, ticks: ticks(kr) } },
          plugins: { tooltip: tooltip(kr) },
        },
      });
    } else if (canvas.dataset.chart === "moter") {
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: data.serier.map((s, i) => ({
            label: s.navn, data: s.verdier, backgroundColor: colours[i % colours.length],
          })),
        },
        options: {
          scales: { y: { beginAtZero: true, ticks: { precision: 0, ...ticks(tall.format) } } },
          plugins: { tooltip: tooltip(tall.format) },
        },
      });
    } else if (canvas.dataset.chart === "kommunebar") {
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [{ label: data.enhet, data: data.verdier, backgroundColor: colours[0] }],
        },
        options: {
          plugins: { legend: { display: false }, tooltip: tooltip(tall.format) },
          scales: { y: { beginAtZero: true, ticks: ticks(tall.format) } },
        },
      });
    } else {
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: data.map((row) => row[0]),
          datasets: [{ label: canvas.getAttribute("aria-label"), data: data.map((row) => row[1]),
                       backgroundColor: colours[0] }],
        },
        options: {
          plugins: { legend: { display: false }, tooltip: tooltip(tall.format) },
          scales: { y: { beginAtZero: true, ticks: { precision: 0, ...ticks(tall.format) } } },
        },
      });
    }
  });
})();
