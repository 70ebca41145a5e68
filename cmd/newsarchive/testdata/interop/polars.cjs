// Reads a Parquet and a CSV export with polars (nodejs-polars) and prints
// what the Go test asserts on as one JSON object.
// Usage: NODE_PATH=DIR/node_modules node polars.cjs FILE.parquet FILE.csv
const pl = require("nodejs-polars");

function describe(df) {
  const types = {};
  for (const [name, dtype] of Object.entries(df.schema)) {
    types[name] = String(dtype);
  }
  const sorted = df.sort("version_id");
  return {
    types,
    count: df.height,
    version_ids: sorted.getColumn("version_id").toArray().map(Number),
    texts: sorted.getColumn("text").toArray(),
  };
}

const [parquet, csv] = process.argv.slice(2);
const pq = pl.readParquet(parquet);
const result = {
  parquet: describe(pq),
  csv: describe(pl.readCSV(csv, { hasHeader: true, quoteChar: '"', inferSchemaLength: 0 })),
  // A list column read as lists, not strings: the authors of each row.
  authors: pq.sort("version_id").getColumn("authors").toArray().map((a) => (a ? Array.from(a) : null)),
};
process.stdout.write(JSON.stringify(result) + "\n");
