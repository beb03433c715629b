// Route and table through mapswitch serve with the osrm-rest-client npm
// package, unmodified; print what it returned as JSON.
"use strict";
const { OSRM } = require("osrm-rest-client");

async function main() {
  const osrm = OSRM({ osrm: process.argv[2] });
  const coordinates = [[127.0276, 37.4979], [126.9779692, 37.5662952]];
  const route = await osrm.route({ coordinates, overview: "full", geometries: "geojson" });
  const table = await osrm.table({
    coordinates: [...coordinates, [126.9706, 37.5547]],
    sources: [0], destinations: [1, 2], annotations: ["duration", "distance"],
  });
  let noRoute;
  try {
    await osrm.route({ coordinates: [[127.0276, 37.4979], [127.0276, 137.4979]] });
  } catch (e) {
    noRoute = { status: e.status, body: e.response && e.response.body };
  }
  console.log(JSON.stringify({ route, table, error: noRoute }));
}
main().catch((e) => { console.error(e); process.exit(1); });
