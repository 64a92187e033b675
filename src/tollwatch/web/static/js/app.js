/* tollwatch dashboard: progressive enhancement only. Every page works without this file.
 *
 * Data comes from data-* attributes and JSON endpoints, never from inline scripts (the
 * Content-Security-Policy forbids them). Text from reports is only ever put in the page
 * with textContent, never innerHTML.
 */
(function () {
  "use strict";

  function $all(sel, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(sel));
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function localHref(href) {
    return typeof href === "string" && href.charAt(0) === "/" && href.charAt(1) !== "/" ? href : null;
  }

  /* ----------------------------------------------------------------------- map */

  var atlasCache = {};

  function atlas(name) {
    if (!atlasCache[name]) {
      atlasCache[name] = fetch("/static/vendor/atlas/" + name, { credentials: "same-origin" }).then(function (r) {
        return r.json();
      });
    }
    return atlasCache[name];
  }

  function mapPoints(node) {
    var sel = node.getAttribute("data-points");
    var holders = sel ? $all(sel) : [node];
    var points = [];
    holders.forEach(function (h) {
      var lat = parseFloat(h.getAttribute("data-lat"));
      var lon = parseFloat(h.getAttribute("data-lon"));
      if (isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
        points.push({
          lat: lat,
          lon: lon,
          label: h.getAttribute("data-label") || "",
          href: localHref(h.getAttribute("data-href")),
          weight: parseFloat(h.getAttribute("data-weight")) || 0,
          country: h.getAttribute("data-country") || "",
          kind: h.getAttribute("data-kind") || "incident",
        });
      }
    });
    return points;
  }

  /* Every incident the list's filters match, from the list's own GeoJSON download. */
  function geojsonPoints(href) {
    return fetch(href, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (r) {
        return r.ok ? r.json() : Promise.reject(r.status);
      })
      .then(function (fc) {
        var points = [];
        (fc.features || []).forEach(function (f) {
          var c = f.geometry && f.geometry.coordinates;
          var p = f.properties || {};
          if (!c || !isFinite(c[0]) || !isFinite(c[1])) return;
          var toll = [];
          if (p.killed_best != null) toll.push(p.killed_best + " killed");
          if (p.injured_best != null) toll.push(p.injured_best + " injured");
          points.push({
            lat: c[1],
            lon: c[0],
            label: (p.title || "Incident " + f.id) + " — " + (p.place || "") + (toll.length ? " · " + toll.join(", ") : ""),
            name: p.place || "",
            href: "/incidents/" + encodeURIComponent(String(f.id)),
            weight: (p.killed_best || 0) + (p.injured_best || 0),
            country: p.country || "",
            kind: "incident",
          });
        });
        return points;
      });
  }

  function marker(L, p, standing) {
    var figure = p.kind === "figure";
    var m = L.circleMarker([p.lat, p.lon], {
      radius: figure ? 5 : Math.min(14, 4 + (2 * Math.log(1 + p.weight)) / Math.LN2),
      color: figure ? "#163f70" : "#7a1711",
      weight: 1,
      fillColor: figure ? "#4f86c6" : "#d0453a",
      fillOpacity: 0.7,
    });
    if (standing) {
      // the place stands beside the circle; the whole label shows on hover (its title)
      m.bindTooltip(el("span", "", standing), { permanent: true, direction: "right", className: "map-label", offset: [6, 0] });
      m.on("add", function () {
        var tip = m.getTooltip() && m.getTooltip().getElement();
        if (tip) tip.title = p.label;
      });
    } else if (p.label) {
      m.bindTooltip(el("span", "", p.label)); // an element: the label is text, not HTML
    }
    if (p.href) {
      m.on("click", function () {
        window.location.href = p.href;
      });
    }
    return m;
  }

  /* Points that fall within CELL pixels of each other at the map's zoom are one numbered
     circle (click: zoom in to them); regrouped at every zoom. Few enough single points get a
     standing label with their place. */
  var CELL = 44;

  function clustered(L, map, points) {
    var layer = L.layerGroup().addTo(map);
    function regroup() {
      layer.clearLayers();
      var zoom = map.getZoom();
      var cells = {};
      points.forEach(function (p) {
        var px = map.project([p.lat, p.lon], zoom);
        var key = Math.floor(px.x / CELL) + ":" + Math.floor(px.y / CELL);
        (cells[key] = cells[key] || []).push(p);
      });
      var groups = Object.keys(cells).map(function (k) {
        return cells[k];
      });
      var label = groups.length <= 12;
      groups.forEach(function (g) {
        if (g.length === 1) {
          layer.addLayer(marker(L, g[0], label && g[0].name ? g[0].name : null));
          return;
        }
        var lat = 0, lon = 0;
        g.forEach(function (p) {
          lat += p.lat / g.length;
          lon += p.lon / g.length;
        });
        var size = Math.min(46, 24 + 4 * Math.log(g.length) / Math.LN2);
        var icon = L.divIcon({ html: el("span", "", g.length), className: "map-cluster", iconSize: [size, size] });
        var c = L.marker([lat, lon], { icon: icon, keyboard: true, title: g.length + " incidents" });
        var names = g.slice(0, 5).map(function (p) { return p.label; });
        if (g.length > 5) names.push("… and " + (g.length - 5) + " more: click to zoom in");
        var tip = el("span", "");
        names.forEach(function (n, i) {
          if (i) tip.appendChild(document.createElement("br"));
          tip.appendChild(document.createTextNode(n));
        });
        c.bindTooltip(tip);
        c.on("click", function () {
          map.fitBounds(L.latLngBounds(g.map(function (p) { return [p.lat, p.lon]; })).pad(0.3), { maxZoom: 9 });
        });
        layer.addLayer(c);
      });
    }
    map.on("zoomend", regroup);
    return { regroup: regroup };
  }

  function drawMap(node) {
    if (typeof window.L === "undefined" || typeof window.topojson === "undefined") return;
    var href = localHref(node.getAttribute("data-geojson"));
    (href ? geojsonPoints(href) : Promise.resolve(mapPoints(node)))
      .then(function (points) {
        drawMapOf(node, points, !!href);
      })
      .catch(function () {
        node.appendChild(el("p", "muted", "The map could not be drawn."));
      });
  }

  function drawMapOf(node, points, cluster) {
    var L = window.L;
    var map = L.map(node, { zoomSnap: 0.25, minZoom: 1, maxZoom: 9, worldCopyJump: false, attributionControl: true });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth; US Census Bureau");
    var land = { color: "#9aa8ba", weight: 0.6, fillColor: "#f6f3ec", fillOpacity: 1 };
    var inUS = points.some(function (p) {
      return p.country === "US" || (p.lat > 18 && p.lat < 72 && p.lon > -170 && p.lon < -60);
    });
    atlas("countries-50m.json")
      .then(function (topo) {
        L.geoJSON(window.topojson.feature(topo, topo.objects.countries), { style: land, interactive: false }).addTo(map);
        if (!inUS) return null;
        return atlas("states-10m.json").then(function (us) {
          L.geoJSON(window.topojson.mesh(us, us.objects.states, function (a, b) { return a !== b; }), {
            style: { color: "#b4bfcd", weight: 0.7, fill: false },
            interactive: false,
          }).addTo(map);
        });
      })
      .then(function () {
        var bounds = L.latLngBounds(points.map(function (p) { return [p.lat, p.lon]; }));
        var groups = cluster ? clustered(L, map, points) : null;
        if (!cluster) {
          var group = L.featureGroup();
          points.forEach(function (p) {
            group.addLayer(marker(L, p));
          });
          group.addTo(map);
        }
        if (points.length === 1) {
          map.setView([points[0].lat, points[0].lon], 5);
        } else if (points.length > 1) {
          map.fitBounds(bounds.pad(0.3), { maxZoom: 6 });
        } else {
          map.setView([20, 0], 1);
        }
        if (groups) groups.regroup();
        node.setAttribute("data-points-drawn", String(points.length));
        node.setAttribute("data-ready", "1");
      })
      .catch(function () {
        node.appendChild(el("p", "muted", "The map could not be drawn."));
      });
  }

  /* ------------------------------------------------ report: figures in the text */

  function figIds(node) {
    return (node.getAttribute("data-figs") || "").split(" ").filter(Boolean);
  }

  function activate(ids, scroll) {
    $all("mark.fig.active, .figcard.active").forEach(function (n) {
      n.classList.remove("active");
    });
    ids.forEach(function (id) {
      $all('mark.fig[data-figs~="' + id + '"]').forEach(function (m) {
        m.classList.add("active");
      });
      var card = document.getElementById("fig-" + id);
      if (card) card.classList.add("active");
    });
    var first = ids.length ? document.getElementById("fig-" + ids[0]) : null;
    if (first && scroll) first.scrollIntoView({ behavior: "smooth", block: "nearest" });
  }

  function setupReport() {
    $all("mark.fig").forEach(function (m) {
      m.addEventListener("click", function (ev) {
        if (window.getSelection && String(window.getSelection()).length) return; // selecting words
        ev.preventDefault();
        activate(figIds(m), true);
      });
    });
    $all(".figcard").forEach(function (card) {
      card.addEventListener("mouseenter", function () {
        var id = card.id.replace("fig-", "");
        $all('mark.fig[data-figs~="' + id + '"]').forEach(function (m) {
          m.classList.add("active");
        });
      });
      card.addEventListener("mouseleave", function () {
        if (card.classList.contains("active")) return;
        var id = card.id.replace("fig-", "");
        $all('mark.fig[data-figs~="' + id + '"]').forEach(function (m) {
          m.classList.remove("active");
        });
      });
    });
    if (window.location.hash.indexOf("#fig-") === 0) activate([window.location.hash.slice(5)], true);
    setupSelection();
  }

  /* Selecting words in the text fills the "add a figure" form with their offsets. */
  function offsetIn(container, node, offset) {
    var holder = node.nodeType === 1 ? node : node.parentNode;
    var seg = holder && holder.closest ? holder.closest("[data-o]") : null;
    if (!seg || !container.contains(seg)) return null;
    if (node.nodeType === 1) {
      // an element boundary: count the text of the children before it
      var before = 0;
      for (var i = 0; i < offset && i < node.childNodes.length; i++) before += node.childNodes[i].textContent.length;
      return parseInt(seg.getAttribute("data-o"), 10) + before;
    }
    // text inside the segment: add the text of the segment's nodes before this one
    var walker = document.createTreeWalker(seg, NodeFilter.SHOW_TEXT);
    var pos = 0;
    var t;
    while ((t = walker.nextNode())) {
      if (t === node) break;
      pos += t.textContent.length;
    }
    return parseInt(seg.getAttribute("data-o"), 10) + pos + offset;
  }

  function setupSelection() {
    var form = document.getElementById("add-figure");
    if (!form) return;
    var shown = document.getElementById("add-selection");
    function update() {
      var sel = window.getSelection();
      if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
      var range = sel.getRangeAt(0);
      var containers = $all(".report-text[data-field]");
      for (var i = 0; i < containers.length; i++) {
        var c = containers[i];
        if (!c.contains(range.startContainer) || !c.contains(range.endContainer)) continue;
        var start = offsetIn(c, range.startContainer, range.startOffset);
        var end = offsetIn(c, range.endContainer, range.endOffset);
        if (start === null || end === null || end <= start) return;
        form.elements["field"].value = c.getAttribute("data-field");
        form.elements["start"].value = String(start);
        form.elements["end"].value = String(end);
        var words = String(sel).slice(0, 500);
        if (shown) shown.textContent = words;
        if (form.elements["count_text"] && !form.elements["count_text"].dataset.touched) {
          form.elements["count_text"].value = words.slice(0, 120);
        }
        form.classList.add("has-selection");
        var box = document.getElementById("add-figure-box");
        if (box) box.open = true;
        return;
      }
    }
    document.addEventListener("mouseup", update);
    document.addEventListener("keyup", update);
    if (form.elements["count_text"]) {
      form.elements["count_text"].addEventListener("input", function () {
        form.elements["count_text"].dataset.touched = "1";
      });
    }
  }

  /* ------------------------------------------- tally: one support box open at once */

  function setupTally() {
    $all(".tally details").forEach(function (d) {
      d.addEventListener("toggle", function () {
        if (!d.open) return;
        $all(".tally details[open]").forEach(function (o) {
          if (o !== d) o.open = false;
        });
      });
    });
    document.addEventListener("click", function (ev) {
      if (ev.target.closest && ev.target.closest(".tally details")) return;
      $all(".tally details[open]").forEach(function (o) {
        o.open = false;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    $all(".map[data-map]").forEach(drawMap);
    if (document.querySelector(".report-text")) setupReport();
    setupTally();
  });
})();
