// Reads each BPMN file given as an argument with bpmn-moddle and runs it in bpmn-engine,
// completing every user task as it waits. Prints one JSON line per file:
// {file, warnings, completed, tasks, timers: {id: {timeDuration, timeoutMs}}, error}.
// The packages are found in the folder named by QMSDOC_NODE_TOOLS (target/tools).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const { EventEmitter } = require('node:events');
const tools = process.env.QMSDOC_NODE_TOOLS;
const req = require('node:module').createRequire(path.join(tools, 'package.json'));
const moddle = req('bpmn-moddle');
const { BpmnModdle } = moddle;
const { Engine } = req('bpmn-engine');

async function run(file) {
  const source = fs.readFileSync(file, 'utf8');
  const { warnings } = await new BpmnModdle().fromXML(source);
  const report = { file, warnings: warnings.map((w) => w.message), tasks: [], timers: {} };
  const listener = new EventEmitter();
  listener.on('activity.timer', (api) => {
    report.timers[api.id] = { timeDuration: api.content.timeDuration, timeoutMs: api.content.timeout };
  });
  // Complete the task once its boundary timer has started, so that the timer is seen.
  listener.on('wait', (api) => {
    report.tasks.push(api.id);
    setImmediate(() => api.signal());
  });
  const engine = new Engine({ name: path.basename(file), source });
  const ended = new Promise((resolve, reject) => {
    engine.once('end', () => resolve(true));
    engine.once('error', reject);
  });
  await engine.execute({ listener });
  report.completed = await ended;
  return report;
}

(async () => {
  for (const file of process.argv.slice(2)) {
    let report;
    try {
      report = await run(file);
    } catch (e) {
      report = { file, error: String(e && e.stack || e) };
    }
    process.stdout.write(JSON.stringify(report) + '\n');
  }
})();
