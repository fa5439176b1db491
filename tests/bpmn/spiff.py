"""Validates each BPMN file given as an argument against the BPMN 2.0 schema (SpiffWorkflow's
BpmnValidator), parses it with SpiffWorkflow and runs it to completion, completing the user
tasks. Prints one JSON line per file: {file, completed, tasks, timers: {id: seconds}, error}.

SpiffWorkflow evaluates every expression as Python; the files carry the plain ISO 8601 durations
that the BPMN standard and other engines read ("PT2H"), so the script engine below reads a
timer's literal duration as itself, and records it with the length Spiff parses from it.
"""
import json
import re
import sys

from lxml import etree
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser, BpmnValidator
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.util.task import TaskState

ISO = re.compile(r"^P(?!$)[0-9WDTHMS.,]*$")


class LiteralDurations(PythonScriptEngine):
    def __init__(self, timers):
        super().__init__()
        self.timers = timers

    def evaluate(self, task, expression, external_context=None):
        if ISO.match(expression.strip()):
            parsed = TimerEventDefinition.parse_iso_duration(expression.strip())
            self.timers[task.task_spec.name] = TimerEventDefinition.get_timedelta_from_start(
                parsed).total_seconds()
            return expression.strip()
        return super().evaluate(task, expression, external_context)


def run(path):
    parser = BpmnParser(validator=BpmnValidator())
    parser.add_bpmn_file(path)
    process = etree.parse(path).find("{http://www.omg.org/spec/BPMN/20100524/MODEL}process")
    spec = parser.get_spec(process.get("id"))
    timers, tasks = {}, []
    workflow = BpmnWorkflow(spec, script_engine=LiteralDurations(timers))
    workflow.do_engine_steps()
    for _ in range(10000):
        if workflow.is_completed():
            break
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        if not ready:
            workflow.refresh_waiting_tasks()
        for task in ready:
            tasks.append(task.task_spec.name)
            task.run()
        workflow.do_engine_steps()
    return {"file": path, "completed": workflow.is_completed(), "tasks": tasks, "timers": timers}


for path in sys.argv[1:]:
    try:
        report = run(path)
    except Exception as e:  # the report names the failure; the test shows it
        report = {"file": path, "error": f"{type(e).__name__}: {e}"}
    print(json.dumps(report, ensure_ascii=False))
