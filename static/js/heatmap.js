// Plotly figures: inline ([data-figure] names a JSON <script>) or fetched ([data-figure-src]).
// A click on a cell opens its drill-down: the figure's layout.meta.links template filled with the
// cell's column and row keys, or else a link ending the cell's customdata.
"use strict";
(() => {
  const draw = (element, figure) => {
    Plotly.newPlot(element, figure.data, figure.layout, figure.config).then((plot) => {
      const links = figure.layout && figure.layout.meta && figure.layout.meta.links;
      plot.on("plotly_click", (event) => {
        const point = event.points && event.points[0];
        if (!point || point.z === null || point.z === undefined) return;
        let link = null;
        if (links) {
          const [row, column] = point.pointIndex;
          link = links.template.replace("{x}", links.x[column]).replace("{y}", links.y[row]);
        } else if (Array.isArray(point.customdata)) {
          link = point.customdata[point.customdata.length - 1];
        }
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
