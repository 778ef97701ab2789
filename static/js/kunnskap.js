// Trend charts on the Kunnskapsgrunnlag page. Each <canvas data-diagram="ID"> reads its
// data from the <script type="application/json" id="ID"> that json_script wrote. The
// numbers are always in the table beside the chart too.
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Chart === "undefined") return;
  document.querySelectorAll("canvas[data-diagram]").forEach((canvas) => {
    const source = document.getElementById(canvas.dataset.diagram);
    if (!source) return;
    const data = JSON.parse(source.textContent);
    const datasets = [
      {
        label: data.etiketter.kommune,
        data: data.verdier,
        borderColor: "#123c5a",
        backgroundColor: "#123c5a",
        spanGaps: true,
        pointStyle: "circle",
      },
      {
        label: data.etiketter.snitt,
        data: data.snitt,
        borderColor: "#8a4b08",
        backgroundColor: "#8a4b08",
        borderDash: [6, 4],
        spanGaps: true,
        pointStyle: "rect",
      },
    ];
    if (data.nullpunkt !== null) {
      datasets.push({
        label: data.etiketter.nullpunkt,
        data: data.perioder.map(() => data.nullpunkt),
        borderColor: "#495057",
        borderWidth: 1,
        borderDash: [2, 2],
        pointRadius: 0,
      });
    }
    new Chart(canvas, {
      type: "line",
      data: { labels: data.perioder, datasets },
      options: {
        responsive: true,
        animation: false,
        plugins: { legend: { position: "bottom", labels: { usePointStyle: true } } },
        locale: "nb-NO",
      },
    });
  });
});
