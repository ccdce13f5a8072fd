// policykg: ForceAtlas2 for the HTML view, bundled into one IIFE (global
// graphologyLayoutForceAtlas2 = {FA2Layout, forceAtlas2}). FA2Layout is the web worker
// supervisor (a Blob worker); forceAtlas2 gives inferSettings and a synchronous fallback.
module.exports = {
  FA2Layout: require("graphology-layout-forceatlas2/worker"),
  forceAtlas2: require("graphology-layout-forceatlas2"),
};
