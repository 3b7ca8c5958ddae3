
(function () {
  "use strict";
  var DATA = window.LIANGXIN_DATA;
  var KINDS = DATA.kinds, GAPS = DATA.findingStyle, EDGE_LABELS = DATA.edgeLabels;
  var PLACE = {district: true, street: true, community: true, organization: true};
  var LABEL_INSIDE = {box: true, ellipse: true, circle: true, database: true, text: true};
  var state = {settled: false, settleMs: null, query: "", street: "", focus: null,
               timing: {start: performance.now()}};
  var byId = new Map(), adjacency = new Map(), parentOf = new Map();

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function has(list, value) { return (list || []).indexOf(value) >= 0; }
  function normal(text) { return String(text || "").normalize("NFKC").replace(/\s+/g, "").toLowerCase(); }

  // Tooltips are elements (vis-network inserts them as they are): every user string goes in as text.
  function tooltip(node) {
    var box = element("div", "lx-tip");
    box.appendChild(element("div", "lx-tip-name", node.name));
    box.appendChild(element("div", "lx-tip-kind",
      (node.kinds || [node.kind]).map(function (k) { return KINDS[k].label; }).join("、")));
    (node.info || []).forEach(function (pair) {
      var row = element("div", "lx-tip-row");
      row.appendChild(element("span", "lx-tip-key", pair[0]));
      row.appendChild(element("span", "lx-tip-value", pair[1]));
      box.appendChild(row);
    });
    if (node.codes && node.codes.length) {
      box.appendChild(element("div", "lx-tip-key", "问题"));
      var list = element("ul", "lx-tip-codes");
      node.codes.forEach(function (code) {
        list.appendChild(element("li", code[2] === "chain" ? "lx-code-chain" : "lx-code-uncovered",
          code[0] + "（" + code[1] + "）"));
      });
      box.appendChild(list);
    }
    return box;
  }

  function nodeStyle(node) {
    var kind = KINDS[node.kind], gaps = node.gaps || [], scale = node.scale || 1;
    var fill = has(gaps, "uncovered") ? GAPS.uncovered.background : kind.color;
    var border = fill, width = 1, dashes = false;
    if (has(gaps, "chain")) { border = GAPS.chain.border; width = 3; dashes = [5, 4]; }
    if (has(gaps, "idle")) { border = GAPS.idle.border; width = 3; dashes = [2, 3]; }
    if (has(gaps, "overloaded")) { border = GAPS.overloaded.border; width = 4; }
    var style = {
      id: node.id, label: node.kind === "organization" ? "" : node.label, shape: kind.shape, x: node.x, y: node.y, title: tooltip(node),
      borderWidth: width, borderWidthSelected: width + 2, shapeProperties: {borderDashes: dashes},
      color: {background: fill, border: border, highlight: {background: fill, border: "#111827"},
              hover: {background: fill, border: "#111827"}},
      font: {size: node.fontSize || kind.fontSize, color: "#1f2937", strokeWidth: node.fontSize ? 5 : 0,
             strokeColor: "#ffffff"}
    };
    // Organizations (and their Party organizations) keep the places computed for them, in discs
    // that never overlap; the physics only spreads the few hundred places and units, so it
    // settles fast at any size.
    if (!DATA.physicsKinds[node.kind]) { style.physics = false; }
    if (LABEL_INSIDE[kind.shape]) {
      style.font = {size: Math.round(13 * scale), color: "#ffffff"};
      style.margin = Math.round(5 * scale);
    } else {
      style.size = kind.size * scale;
    }
    node.fontColor = style.font.color;
    return style;
  }

  function edgeStyle(edge, index) {
    var from = byId.get(edge.from), to = byId.get(edge.to);
    var dx = from.x - to.x, dy = from.y - to.y;
    var style = {id: "e" + index, from: edge.from, to: edge.to, smooth: false, width: 1,
                 length: Math.max(30, Math.sqrt(dx * dx + dy * dy)),
                 color: {color: KINDS[from.kind].color, opacity: 0.45}};
    if (edge.type === "BREAK") {
      style.dashes = [6, 4]; style.width = 2;
      style.color = {color: GAPS.chain.border, opacity: 0.9};
      style.title = EDGE_LABELS.BREAK + "：" + edge.note;
    } else if (edge.type === "AGGREGATE") {
      style.dashes = [2, 4]; style.width = 1 + Math.log10(edge.count);
      style.color.opacity = 0.3;
      style.title = EDGE_LABELS[edge.via] + "：另有 " + edge.count + " 个组织未单独绘出";
    } else {
      style.title = EDGE_LABELS[edge.type];
    }
    edge.baseColor = style.color;
    return style;
  }

  DATA.nodes.forEach(function (node) { byId.set(node.id, node); adjacency.set(node.id, []); });
  DATA.edges.forEach(function (edge) {
    adjacency.get(edge.from).push({id: edge.to, type: edge.type});
    adjacency.get(edge.to).push({id: edge.from, type: edge.type});
    if (edge.type === "HAS_STREET" || edge.type === "HAS_COMMUNITY" || edge.type === "HOSTS" ||
        edge.type === "BREAK") {
      parentOf.set(edge.to, edge.from);
    }
  });

  var nodes = new vis.DataSet(DATA.nodes.map(nodeStyle));
  var edges = new vis.DataSet(DATA.edges.map(edgeStyle));
  var container = document.getElementById("lx-network");
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, {
    autoResize: true,
    layout: {improvedLayout: false, randomSeed: 7},
    nodes: {font: {face: DATA.font}},
    edges: {smooth: false, selectionWidth: 2},
    interaction: {hover: true, tooltipDelay: 150, hideEdgesOnDrag: DATA.big, hideEdgesOnZoom: DATA.big,
                  keyboard: false, multiselect: false},
    physics: {
      enabled: true, solver: "barnesHut", maxVelocity: 40, minVelocity: 1, timestep: 0.5,
      barnesHut: {gravitationalConstant: -1200, centralGravity: 0, springConstant: 0.03, damping: 0.5,
                  avoidOverlap: 0.3},
      stabilization: {enabled: true, iterations: DATA.iterations, updateInterval: 10, fit: true}
    }
  });

  state.timing.created = performance.now();
  var loading = document.getElementById("lx-loading");
  var progress = document.getElementById("lx-progress");
  var status = document.getElementById("lx-status");
  var results = document.getElementById("lx-results");
  var searchBox = document.getElementById("lx-search");
  var streetBox = document.getElementById("lx-street");

  network.on("stabilizationProgress", function (params) {
    progress.textContent = Math.round(100 * params.iterations / params.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    // Freeze: from here on nothing moves unless the analyst drags it.
    network.setOptions({physics: {enabled: false}});
    loading.hidden = true;
    state.settled = true;
    state.settleMs = performance.now();
    network.fit();
  });

  // --- what is hidden (street filter) and what is dimmed (search, responsibility chain)
  var hidden = new Set(), shown = new Map(), edgeShown = new Map();

  // Organizations are too many and too close for their names: they get a label only while
  // they are among a few hundred highlighted nodes (search results, a responsibility chain).
  var LABELLED_FOCUS = 400;

  function apply() {
    var nodeUpdates = [], edgeUpdates = [];
    var labelled = state.focus !== null && state.focus.size <= LABELLED_FOCUS;
    DATA.nodes.forEach(function (node) {
      var isHidden = hidden.has(node.id);
      var dim = !isHidden && state.focus !== null && !state.focus.has(node.id);
      var named = node.kind !== "organization" || (labelled && !dim);
      var key = (isHidden ? "h" : "") + (dim ? "d" : "") + (named ? "n" : "");
      if ((shown.get(node.id) || (node.kind === "organization" ? "" : "n")) !== key) {
        shown.set(node.id, key);
        var font = {color: dim ? "rgba(156,163,175,0.35)" : node.fontColor};
        if (node.kind === "organization") { font.size = named ? 24 : KINDS.organization.fontSize; }
        nodeUpdates.push({id: node.id, hidden: isHidden, opacity: dim ? 0.15 : 1, label: named ? node.label : "",
                          font: font});
      }
    });
    DATA.edges.forEach(function (edge, index) {
      var dim = state.focus !== null && !(state.focus.has(edge.from) && state.focus.has(edge.to));
      if ((edgeShown.get(index) || false) !== dim) {
        edgeShown.set(index, dim);
        edgeUpdates.push({id: "e" + index, color: dim ? {color: "#d1d5db", opacity: 0.12} : edge.baseColor});
      }
    });
    if (nodeUpdates.length) { nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { edges.update(edgeUpdates); }
  }

  function ancestors(id) {
    var list = [], up = parentOf.get(id);
    while (up !== undefined && list.indexOf(up) < 0) { list.push(up); up = parentOf.get(up); }
    return list;
  }

  // The responsibility chain: district → street → community → organization, and the units at each level.
  function chainOf(id) {
    var chain = new Set([id]), node = byId.get(id);
    function addUnit(other) {
      chain.add(other.id);
      if (byId.get(other.id).kind === "instructor") {
        adjacency.get(other.id).forEach(function (up) { if (up.type === "APPOINTS") { chain.add(up.id); } });
      }
    }
    ancestors(id).forEach(function (up) {
      chain.add(up);
      adjacency.get(up).forEach(function (other) {
        if (!PLACE[byId.get(other.id).kind] && other.type !== "AGGREGATE") { addUnit(other); }
      });
    });
    if (PLACE[node.kind]) {
      adjacency.get(id).forEach(addUnit);
    } else {
      adjacency.get(id).forEach(function (other) {
        addUnit(other);
        ancestors(other.id).forEach(function (up) { chain.add(up); });
      });
    }
    return chain;
  }

  function say(text) { status.textContent = text; }

  function fitTo(ids) {
    if (!ids.length) { return; }
    network.fit({nodes: ids.slice(0, 500), animation: false});
    if (network.getScale() > 1.2) { network.moveTo({scale: 1.2}); }
  }

  function selectNode(id) {
    if (!byId.has(id)) { return; }
    state.focus = chainOf(id);
    apply();
    network.selectNodes([id]);
    fitTo(Array.from(state.focus).filter(function (other) { return !hidden.has(other); }));
    say("责任链：" + byId.get(id).name + "（" + state.focus.size + " 个节点）");
  }

  function clearFocus() {
    state.focus = null;
    network.unselectAll();
    apply();
    say("");
  }

  function showResults(matches) {
    results.textContent = "";
    matches.slice(0, 30).forEach(function (id) {
      var node = byId.get(id), button = element("button", "", node.name);
      button.type = "button";
      button.appendChild(element("span", "lx-result-kind", KINDS[node.kind].label));
      button.addEventListener("click", function () { results.hidden = true; selectNode(id); });
      results.appendChild(button);
    });
    if (matches.length > 30) { results.appendChild(element("div", "lx-result-kind", "……共 " + matches.length + " 个")); }
    results.hidden = matches.length === 0;
  }

  function search(query) {
    state.query = query;
    var key = normal(query);
    if (!key) { results.hidden = true; clearFocus(); return []; }
    var matches = DATA.nodes.filter(function (node) {
      return !hidden.has(node.id) && node.searchKey.indexOf(key) >= 0;
    }).map(function (node) { return node.id; });
    state.focus = new Set(matches);
    apply();
    showResults(matches);
    fitTo(matches);
    say(matches.length ? "找到 " + matches.length + " 个节点" : "没有找到名称含“" + query + "”的已绘出节点");
    return matches;
  }

  function filterStreet(street) {
    state.street = street;
    hidden = new Set();
    if (street) {
      var keep = new Set();
      DATA.nodes.forEach(function (node) {
        if (node.kind === "district" || (PLACE[node.kind] && node.street === street)) { keep.add(node.id); }
      });
      Array.from(keep).forEach(function (id) {
        if (byId.get(id).kind === "district") { return; }
        adjacency.get(id).forEach(function (other) {
          if (!PLACE[byId.get(other.id).kind]) { keep.add(other.id); }
        });
      });
      Array.from(keep).forEach(function (id) {
        if (byId.get(id).kind !== "instructor") { return; }
        adjacency.get(id).forEach(function (other) { if (other.type === "APPOINTS") { keep.add(other.id); } });
      });
      DATA.nodes.forEach(function (node) { if (!keep.has(node.id)) { hidden.add(node.id); } });
    }
    if (state.query) { search(state.query); } else { state.focus = null; apply(); }
    var visible = DATA.nodes.filter(function (node) { return !hidden.has(node.id); })
      .map(function (node) { return node.id; });
    // Frame the street itself; its units may stand anywhere in the district.
    fitTo(street ? visible.filter(function (id) { return byId.get(id).street === street; }) : visible);
    say(street ? street + "：显示 " + visible.length + " 个节点" : "");
    return visible;
  }

  DATA.nodes.forEach(function (node) { node.searchKey = normal(node.name); });
  DATA.streets.forEach(function (street) { streetBox.appendChild(new Option(street, street)); });

  var typing = null;
  searchBox.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () { search(searchBox.value); }, 200);
  });
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      clearTimeout(typing);
      var matches = search(searchBox.value);
      if (matches.length) { results.hidden = true; selectNode(matches[0]); }
    } else if (event.key === "Escape") {
      searchBox.value = ""; search("");
    }
  });
  streetBox.addEventListener("change", function () { filterStreet(streetBox.value); });
  document.getElementById("lx-reset").addEventListener("click", function () {
    searchBox.value = ""; streetBox.value = ""; results.hidden = true;
    state.query = ""; filterStreet(""); clearFocus(); network.fit();
  });
  network.on("click", function (params) {
    results.hidden = true;
    if (params.nodes.length) { selectNode(params.nodes[0]); } else { clearFocus(); }
  });

  // For the browser tests and for analysts who want the console.
  window.liangxin = {
    network: network, nodes: nodes, edges: edges, state: state, drawn: DATA.nodes.length,
    search: search, filterStreet: filterStreet, selectNode: selectNode, clearFocus: clearFocus,
    visibleIds: function () {
      return DATA.nodes.filter(function (node) {
        return !hidden.has(node.id) && (state.focus === null || state.focus.has(node.id));
      }).map(function (node) { return node.id; });
    },
    hiddenIds: function () { return Array.from(hidden); }
  };
})();
