// The in-place map of dashboard/svg_map.py: an SVG choropleth drawn in the page and
// recoloured where it stands when a new scenario arrives (a plotly map is rebuilt from
// scratch, WebGL context and all, whenever its figure changes). The boundaries are
// fetched once per URL and projected once; each update sets fills, tooltips, the outline
// and the legend. Every text is set as text (textContent), never as HTML.
const NS = "http://www.w3.org/2000/svg";
const shapes = (window.raicesShapes = window.raicesShapes || {});

function geometryOf(source) {
  if (typeof source !== "string") return Promise.resolve(source);
  if (!shapes[source]) {
    shapes[source] = fetch(source).then((response) => {
      if (!response.ok) throw new Error(`${source}: ${response.status}`);
      return response.json();
    });
  }
  return shapes[source];
}

// Plate carrée scaled by cos(latitude) at the country's middle: at Guatemala's size the
// shapes read as on any national map, and no projection library is needed.
function project(collection) {
  let south = 90, north = -90;
  const rings = (geometry) =>
    geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  for (const feature of collection.features) {
    if (!feature.geometry) continue;
    for (const polygon of rings(feature.geometry))
      for (const ring of polygon)
        for (let i = 0; i < ring.length; i++) {
          const lat = ring[i][1];
          if (lat < south) south = lat;
          if (lat > north) north = lat;
        }
  }
  const k = Math.cos(((south + north) / 2) * (Math.PI / 180)) * 100;  // 100 units a degree
  let left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
  const paths = [];
  for (const feature of collection.features) {
    if (!feature.geometry) continue;
    const parts = [];
    for (const polygon of rings(feature.geometry)) {
      for (const ring of polygon) {
        for (let i = 0; i < ring.length; i++) {
          // to the hundredth of a unit (about 11 m): short paths, no visible loss; plain
          // loops and scalars, as this runs over every vertex of the country once
          const x = Math.round(ring[i][0] * k * 100) / 100, y = Math.round(-ring[i][1] * 10000) / 100;
          if (x < left) left = x;
          if (x > right) right = x;
          if (y < top) top = y;
          if (y > bottom) bottom = y;
          parts.push((i ? "L" : "M") + x + " " + y);
        }
        parts.push("Z");
      }
    }
    paths.push([String(feature.id), parts.join("")]);
  }
  return { paths, box: [left, top, right, bottom] };
}

function build(root, collection, clicked) {
  const { paths, box } = project(collection);
  const pad = 0.01 * Math.max(box[2] - box[0], box[3] - box[1]);
  const svg = root.querySelector("svg");
  svg.setAttribute("viewBox",
    [box[0] - pad, box[1] - pad, box[2] - box[0] + 2 * pad, box[3] - box[1] + 2 * pad].join(" "));
  svg.replaceChildren();
  const shapesGroup = document.createElementNS(NS, "g");
  const outlineGroup = document.createElementNS(NS, "g");
  outlineGroup.setAttribute("pointer-events", "none");
  root.paths = new Map();
  for (const [code, d] of paths) {
    const path = document.createElementNS(NS, "path");
    path.setAttribute("d", d);
    path.setAttribute("data-code", code);
    path.setAttribute("class", "territory");
    path.appendChild(document.createElementNS(NS, "title"));
    path.addEventListener("click", () => clicked(code));
    shapesGroup.appendChild(path);
    root.paths.set(code, { path, d });
  }
  svg.append(shapesGroup, outlineGroup);
  root.outlineGroup = outlineGroup;
}

function paint(root, data) {
  for (const [code, { path }] of root.paths) {
    path.setAttribute("fill", data.fill[code] || "#d9d9d9");
    path.firstChild.textContent = data.tips[code] || "";
  }
  const outlines = [];
  for (const code of data.outline) {
    const shape = root.paths.get(code);
    if (!shape) continue;
    const path = document.createElementNS(NS, "path");
    path.setAttribute("d", shape.d);
    path.setAttribute("class", "outline");
    path.setAttribute("stroke", data.outline_color);
    outlines.push(path);
  }
  root.outlineGroup.replaceChildren(...outlines);
  const legend = root.querySelector(".legend");
  const title = document.createElement("div");
  title.className = "legend-title";
  title.textContent = data.legend_title;
  const entries = data.legend.map(([color, text]) => {
    const entry = document.createElement("span");
    entry.className = "entry";
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    if (color === data.outline_color) swatch.style.border = `2px solid ${color}`;
    else swatch.style.background = color;
    const label = document.createElement("span");
    label.textContent = text;
    entry.append(swatch, label);
    return entry;
  });
  legend.replaceChildren(title, ...entries);
  root.setAttribute("data-painted", String(data.outline.length) + ":" + Object.keys(data.fill).length);
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(".raices-map");
  if (!root) {
    root = document.createElement("div");
    root.className = "raices-map";
    const svg = document.createElementNS(NS, "svg");
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    svg.setAttribute("role", "img");
    const legend = document.createElement("div");
    legend.className = "legend";
    root.append(svg, legend);
    parentElement.appendChild(root);
  }
  root.querySelector("svg").style.maxHeight = `${data.height}px`;  // a phone gets the country's own proportions
  root.querySelector("svg").setAttribute("aria-label", data.label);
  const source = data.geometry;
  const key = typeof source === "string" ? source : "inline";
  geometryOf(source).then((collection) => {
    if (root.geometryKey !== key) {
      build(root, collection, (code) => setTriggerValue("clicked", code));
      root.geometryKey = key;
    }
    paint(root, data);
  });
}
