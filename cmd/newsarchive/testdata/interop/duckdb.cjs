// Reads an export with DuckDB (@duckdb/node-api) and prints what the Go
// test asserts on as one JSON object.
// Usage: NODE_PATH=DIR/node_modules node duckdb.cjs FILE.parquet FILE.csv
const { DuckDBInstance, version } = require("@duckdb/node-api");

async function main() {
  const [parquet, csv] = process.argv.slice(2);
  const db = await DuckDBInstance.create(":memory:");
  const conn = await db.connect();
  const rows = async (sql, ...params) =>
    (await conn.runAndReadAll(sql, params)).getRowObjectsJson();
  const types = async (from) => {
    const out = {};
    for (const c of await rows(`DESCRIBE SELECT * FROM ${from}`)) {
      out[c.column_name] = c.column_type;
    }
    return out;
  };
  const pq = "read_parquet($1)";
  // read_csv with the options RFC 4180 implies, no sniffing of the dialect.
  const rc = "read_csv($1, header = true, delim = ',', quote = '\"', escape = '\"')";
  const result = {
    version: version(),
    parquet: {
      types: await types(pq.replace("$1", sqlString(parquet))),
      count: (await rows(`SELECT count(*)::INTEGER AS n FROM ${pq}`, parquet))[0].n,
      rows: await rows(
        `SELECT version_id::INTEGER AS version_id, title, text, authors, tags,
                len(images)::INTEGER AS images, images[1].url AS first_image,
                epoch_us(published)::VARCHAR AS published_us,
                epoch_us(fetched_at)::VARCHAR AS fetched_at_us,
                images[1].caption AS first_caption
         FROM ${pq} ORDER BY version_id`, parquet),
    },
    csv: {
      types: await types(rc.replace("$1", sqlString(csv))),
      count: (await rows(`SELECT count(*)::INTEGER AS n FROM ${rc}`, csv))[0].n,
      rows: await rows(
        `SELECT version_id::INTEGER AS version_id, title, text, authors,
                epoch_us(published::TIMESTAMPTZ)::VARCHAR AS published_us
         FROM ${rc} ORDER BY version_id`, csv),
    },
  };
  process.stdout.write(JSON.stringify(result) + "\n");
}

// sqlString quotes a path for DESCRIBE, which takes no parameters.
function sqlString(s) {
  return "'" + s.replaceAll("'", "''") + "'";
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
