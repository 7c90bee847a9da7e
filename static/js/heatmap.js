// Plotly figures: inline ([data-figure] names a JSON <script>) or fetched ([data-figure-src]).
// A click on a cell whose customdata ends with a link opens that link (the drill-down).
"use strict";
(() => {
  const draw = (element, figure) => {
    Plotly.newPlot(element, figure.data, figure.layout, figure.config).then((plot) => {
      plot.on("plotly_click", (event) => {
        const data = event.points && event.points[0] && event.points[0].customdata;
        const link = Array.isArray(data) ? data[data.length - 1] : null;
        if (typeof link === "string" && link.startsWith("/")) window.location.assign(link);
      });
      element.dataset.ready = "true";
    });
  };
  for (const element of document.querySelectorAll("[data-figure]")) {
    draw(element, JSON.parse(document.getElementById(element.dataset.figure).textContent));
  }
  for (const element of document.querySelectorAll("[data-figure-src]")) {
    fetch(element.dataset.figureSrc, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then((figure) => draw(element, figure))
      .catch(() => {
        element.textContent = element.dataset.error || "";
      });
  }
})();
