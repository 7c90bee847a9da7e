// A meeting's map and meeting mode: the map drawn to fit what is left of the screen (whole, never
// scrolled), type that scales with the screen, keys between sections, the presenter's date slider.
"use strict";
(() => {
  const present = document.body.classList.contains("meeting-mode");
  const rootFont = () => parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;

  const fit = (element, figure) => {
    const layout = figure.layout;
    const size = Math.round(rootFont() * (present ? 0.85 : 0.8));
    layout.font = Object.assign({}, layout.font, { size });
    if (figure.data[0].textfont) figure.data[0].textfont.size = Math.round(size * 1.1);
    if (window.innerWidth < 600) {
      // A phone: the colour bar below the map and no axis titles, so the cells keep the width.
      figure.data[0].colorbar = Object.assign({}, figure.data[0].colorbar, { orientation: "h", y: -0.08, yanchor: "top", thickness: 14 });
      layout.yaxis = Object.assign({}, layout.yaxis, { title: { text: "" } });
      layout.xaxis = Object.assign({}, layout.xaxis, { title: { text: "" } });
    }
    if (present) {
      const top = element.getBoundingClientRect().top + window.scrollY;
      const section = element.closest(".mm-section");
      const sectionTop = section ? section.getBoundingClientRect().top + window.scrollY : 0;
      const bar = document.querySelector(".mm-bar");
      const barHeight = bar ? bar.getBoundingClientRect().height : 0;
      const available = Math.floor(window.innerHeight - barHeight - (top - sectionTop) - 12);
      // Whole on the screen; rows no taller than a legible band (one supplier is one row).
      const rows = figure.data[0].y.length;
      layout.height = Math.max(200, Math.min(available, 220 + rows * 170));
    } else {
      layout.height = Math.max(280, Math.min(560, 120 + 48 * figure.data[0].y.length));
    }
    return figure;
  };

  const draw = (element) => {
    const figure = JSON.parse(document.getElementById(element.dataset.meetingFigure).textContent);
    Plotly.newPlot(element, figure.data, fit(element, figure).layout, figure.config).then((plot) => {
      const links = figure.layout.meta && figure.layout.meta.links;
      plot.on("plotly_click", (event) => {
        const point = event.points && event.points[0];
        if (!links || !point || point.z === null || point.z === undefined) return;
        const [row, column] = point.pointIndex;
        const link = links.template.replace("{x}", links.x[column]).replace("{y}", links.y[row]);
        if (link.startsWith("/")) window.location.assign(link);
      });
      element.dataset.ready = "true";
    });
    let pending = null;
    window.addEventListener("resize", () => {
      clearTimeout(pending);
      pending = setTimeout(() => {
        const refit = fit(element, { data: figure.data, layout: Object.assign({}, figure.layout) });
        Plotly.relayout(element, { height: refit.layout.height, font: refit.layout.font });
      }, 150);
    });
  };
  document.querySelectorAll("[data-meeting-figure]").forEach(draw);

  if (!present) return;
  const sections = Array.from(document.querySelectorAll(".mm-section"));
  const current = () => {
    const bar = document.querySelector(".mm-bar");
    const offset = (bar ? bar.getBoundingClientRect().height : 0) + 2;
    let index = 0;
    sections.forEach((section, i) => {
      if (section.getBoundingClientRect().top <= offset + 1) index = i;
    });
    return index;
  };
  const go = (index) => {
    const target = sections[Math.max(0, Math.min(sections.length - 1, index))];
    target.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
    history.replaceState(null, "", "#" + target.id);
  };
  document.addEventListener("keydown", (event) => {
    const tag = (event.target.tagName || "").toLowerCase();
    if (["input", "textarea", "select"].includes(tag) || event.altKey || event.ctrlKey || event.metaKey) return;
    const keys = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1 };
    if (event.key in keys) {
      event.preventDefault();
      go(current() + keys[event.key]);
    } else if (event.key === "Home" || event.key === "End") {
      event.preventDefault();
      go(event.key === "Home" ? 0 : sections.length - 1);
    } else if (/^[1-9]$/.test(event.key) && Number(event.key) <= sections.length) {
      go(Number(event.key) - 1);
    }
  });

  const slider = document.getElementById("mm-slider");
  if (slider) {
    const input = document.getElementById(slider.dataset.target);
    const first = new Date(slider.dataset.first + "T00:00:00Z");
    const dayOf = (offset) => new Date(first.getTime() + offset * 86400000).toISOString().slice(0, 10);
    slider.addEventListener("input", () => {
      input.value = dayOf(Number(slider.value));
    });
    slider.addEventListener("change", () => {
      input.value = dayOf(Number(slider.value));
      slider.form.requestSubmit();
    });
  }
})();
