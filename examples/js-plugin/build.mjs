// Builds plugin.js into a WebAssembly component with the componentize() API
// of @bytecodealliance/componentize-js (the `jco componentize` CLI fails in
// this setup with "failed to get path metadata").
//
// usage: node build.mjs COMPONENTIZE_JS_DIR WIT_DIR OUTPUT.wasm
//   COMPONENTIZE_JS_DIR  the installed package, e.g.
//                        .tools/node/node_modules/@bytecodealliance/componentize-js
//   WIT_DIR              the splitline WIT package (wit/ at the repository root)
//
// `cargo xtask` calls this with the right paths (xtask/src/polyglot.rs).

import { writeFile, rename } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [toolDir, witDir, output] = process.argv.slice(2);
if (!toolDir || !witDir || !output) {
  console.error("usage: node build.mjs COMPONENTIZE_JS_DIR WIT_DIR OUTPUT.wasm");
  process.exit(2);
}

const { componentize } = await import(pathToFileURL(join(resolve(toolDir), "src", "componentize.js")).href);

const here = dirname(fileURLToPath(import.meta.url));
const { component, imports } = await componentize({
  sourcePath: join(here, "plugin.js"),
  witPath: resolve(witDir),
  worldName: "scanner-plugin",
  // No WASI at all: no console, no Math.random/crypto, no Date.now/performance,
  // no fetch. The component then imports nothing, which is what the sandbox
  // gives a plugin anyway.
  disableFeatures: ["stdio", "random", "clocks", "http", "fetch-event"],
});

if (imports.length > 0) {
  console.error(`plugin.js uses imports the splitline sandbox does not provide: ${JSON.stringify(imports)}`);
  process.exit(1);
}

// Write beside the target and rename, so a failed build never leaves half a file.
const tmp = `${resolve(output)}.tmp`;
await writeFile(tmp, component);
await rename(tmp, resolve(output));
console.error(`wrote ${output} (${component.length} bytes)`);
