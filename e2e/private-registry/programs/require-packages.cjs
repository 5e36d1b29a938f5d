// A CommonJS consumer: require() of the ESM-only packages (require(esm), Node 20.19+).
// Arguments: package names. Prints, per package, the names it exports.
const exported = {};
for (const name of process.argv.slice(2)) {
  exported[name] = Object.keys(require(name)).sort();
}
console.log(JSON.stringify(exported));
