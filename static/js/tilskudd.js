// Grants overview: a bar chart of granted and paid per year, drawn from the JSON the
// page embeds (json_script). The table under it carries the same numbers.
document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.getElementById("tilskudd-per-aar");
  const source = document.getElementById("tilskudd-per-aar-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.innvilget_label, data: data.innvilget, backgroundColor: "#123c5a" },
        { label: data.utbetalt_label, data: data.utbetalt, backgroundColor: "#2e7d4f" },
      ],
    },
    options: {
      animation: false,
      scales: { y: { ticks: { callback: (v) => `${v.toLocaleString("nb-NO")} kr` } } },
    },
  });
});
