// Fits every MapLibre map drawn with `layout.map.fitbounds = "locations"` to the
// territories it draws, for the map's real size, and again when that size changes.
// Plotly computes such a fit only for point traces (it gives up on choroplethmap), so
// without this a map would open on the whole world. Loaded once by the dashboard frame
// (dashboard.components.fit_maps); a map the user zoomed stays as the user left it.
(() => {
  if (window.raicesFitMaps) return;
  window.raicesFitMaps = true;
  const grow = (box, other) =>
    box
      ? [Math.min(box[0], other[0]), Math.min(box[1], other[1]),
         Math.max(box[2], other[2]), Math.max(box[3], other[3])]
      : other;
  const extentOf = (trace) => {
    let collection = trace.geojson;
    if (typeof collection === "string") collection = (window.PlotlyGeoAssets || {})[collection];
    if (!collection || !collection.features) return null;
    const wanted = new Set(Array.from(trace.locations || [], String));
    let box = null;
    const visit = (c) => {
      if (typeof c[0] === "number") box = grow(box, [c[0], c[1], c[0], c[1]]);
      else c.forEach(visit);
    };
    for (const feature of collection.features) {
      if (feature.geometry && wanted.has(String(feature.id))) visit(feature.geometry.coordinates);
    }
    return box;
  };
  const fit = () => {
    for (const graph of document.querySelectorAll(".js-plotly-plot")) {
      const layout = graph._fullLayout;
      const subplot = layout && layout.map && layout.map._subplot;
      if (!subplot || !subplot.map || layout.map.fitbounds !== "locations") continue;
      let box = null;
      for (const trace of graph._fullData || []) {
        if (trace.type !== "choroplethmap" || trace.visible !== true) continue;
        const extent = extentOf(trace);
        if (extent) box = grow(box, extent);
      }
      if (!box) continue;
      const map = subplot.map;
      const container = map.getContainer();
      if (!container.clientWidth || !container.clientHeight) continue;
      const key = [container.clientWidth, container.clientHeight, ...box].join(",");
      if (graph.raicesFitted === key && map.getZoom() > 2.5) continue;
      graph.raicesFitted = key;
      map.resize();
      map.fitBounds([[box[0], box[1]], [box[2], box[3]]], { padding: 10, animate: false });
    }
  };
  setInterval(fit, 250);
})();
