// Preloaded (node --import) into the API process the API benchmark starts: when the benchmark is gone — even killed
// with SIGKILL, which runs none of its exit hooks — the orphaned server shuts itself down instead of living on.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 500).unref();
