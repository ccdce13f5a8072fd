// Load a .cyjs file into cytoscape.js (headless) and print what cytoscape made of it:
// every node's id and data, every edge's id, endpoints and data, as one JSON document.
//   node tests/js/cyjs_load.mjs FILE.cyjs
import { readFileSync } from "node:fs";
import cytoscape from "cytoscape";

const doc = JSON.parse(readFileSync(process.argv[2], "utf8"));
const cy = cytoscape({ headless: true, styleEnabled: false, elements: doc.elements });
const out = {
  nodes: cy.nodes().map((n) => ({ id: n.id(), data: n.data() })),
  edges: cy.edges().map((e) => ({
    id: e.id(),
    source: e.source().id(),
    target: e.target().id(),
    data: e.data(),
  })),
};
process.stdout.write(JSON.stringify(out));
