#!/usr/bin/env python3
"""Compares Versionscope's proto subset with Temporal's official descriptors.

Every message (nested ones too), enum and service method in our temporal/ files must exist in the
official API with the same full name; every field we declare must have the same name, number, type,
label, type name and oneof there; every enum value the same number; every method the same input and
output types. The official descriptors come from the pinned temporalio package's generated *_pb2 modules.

    check_proto_conformance.py OURS.desc            check, exit 1 on any mismatch
    check_proto_conformance.py --self-test OURS.desc   mutate our descriptors and require the check to fail
"""
import importlib
import sys

from google.protobuf import descriptor_pb2, descriptor_pool

OFFICIAL_MODULES = [
    "temporalio.api.enums.v1.task_queue_pb2",
    "temporalio.api.enums.v1.namespace_pb2",
    "temporalio.api.enums.v1.deployment_pb2",
    "temporalio.api.common.v1.message_pb2",
    "temporalio.api.deployment.v1.message_pb2",
    "temporalio.api.taskqueue.v1.message_pb2",
    "temporalio.api.namespace.v1.message_pb2",
    "temporalio.api.workflow.v1.message_pb2",
    "temporalio.api.workflowservice.v1.request_response_pb2",
    "temporalio.api.workflowservice.v1.service_pb2",
]


def official_pool():
    for name in OFFICIAL_MODULES:
        importlib.import_module(name)
    return descriptor_pool.Default()


def label_of(field):
    # Newer protobuf runtimes drop FieldDescriptor.label; derive it the same way for both sides.
    if getattr(field, "is_repeated", None) is not None:
        return "repeated" if field.is_repeated else "optional"
    return "repeated" if field.label == field.LABEL_REPEATED else "optional"


def field_type_name(field):
    if field.message_type is not None:
        return field.message_type.full_name
    if field.enum_type is not None:
        return field.enum_type.full_name
    return ""


def check(ours_path, official, out=print):
    with open(ours_path, "rb") as handle:
        ours_set = descriptor_pb2.FileDescriptorSet.FromString(handle.read())
    ours = descriptor_pool.DescriptorPool()
    for file_proto in ours_set.file:
        ours.Add(file_proto)

    counts = {"messages": 0, "fields": 0, "enums": 0, "methods": 0}
    problems = []

    def compare_message(mine, theirs_name):
        try:
            theirs = official.FindMessageTypeByName(theirs_name)
        except KeyError:
            problems.append(f"message {theirs_name}: not in the official API")
            return
        counts["messages"] += 1
        before = len(problems)
        for field in mine.fields:
            counts["fields"] += 1
            other = theirs.fields_by_name.get(field.name)
            where = f"{mine.full_name}.{field.name}"
            if other is None:
                problems.append(f"{where}: no such field in the official API")
                continue
            for what, a, b in (
                ("number", field.number, other.number),
                ("type", field.type, other.type),
                ("label", label_of(field), label_of(other)),
                ("type name", field_type_name(field), field_type_name(other)),
                ("oneof", field.containing_oneof.name if field.containing_oneof else None,
                 other.containing_oneof.name if other.containing_oneof else None),
            ):
                if a != b:
                    problems.append(f"{where}: {what} is {a!r}, official is {b!r}")
        for nested in mine.nested_types:
            compare_message(nested, nested.full_name)
        for enum in mine.enum_types:
            compare_enum(enum)
        if len(problems) == before:
            out(f"ok {mine.full_name} ({len(mine.fields)} fields)")

    def compare_enum(mine):
        try:
            theirs = official.FindEnumTypeByName(mine.full_name)
        except KeyError:
            problems.append(f"enum {mine.full_name}: not in the official API")
            return
        counts["enums"] += 1
        for value in mine.values:
            other = theirs.values_by_name.get(value.name)
            if other is None or other.number != value.number:
                problems.append(f"enum {mine.full_name}.{value.name}: "
                                f"{'missing' if other is None else f'number {value.number}, official {other.number}'}")
        out(f"ok enum {mine.full_name} ({len(mine.values)} values)")

    for file_proto in ours_set.file:
        if not file_proto.name.startswith("temporal/"):
            continue
        file_desc = ours.FindFileByName(file_proto.name)
        for message in file_desc.message_types_by_name.values():
            compare_message(message, message.full_name)
        for enum in file_desc.enum_types_by_name.values():
            compare_enum(enum)
        for service in file_desc.services_by_name.values():
            try:
                theirs = official.FindServiceByName(service.full_name)
            except KeyError:
                problems.append(f"service {service.full_name}: not in the official API")
                continue
            for method in service.methods:
                counts["methods"] += 1
                other = theirs.methods_by_name.get(method.name)
                if other is None:
                    problems.append(f"rpc {method.name}: not in the official API")
                elif (method.input_type.full_name, method.output_type.full_name) != (
                        other.input_type.full_name, other.output_type.full_name):
                    problems.append(f"rpc {method.name}: types differ from the official API")
                else:
                    out(f"ok rpc {service.full_name}.{method.name}")
    return counts, problems


def self_test(ours_path, official):
    """Each mutation of our descriptors must be reported; otherwise the check could not fail."""
    with open(ours_path, "rb") as handle:
        original = handle.read()
    mutations = []

    def find(file_set, message_name):
        for f in file_set.file:
            for m in f.message_type:
                if m.name == message_name:
                    return m
        raise KeyError(message_name)

    def renumber(fs):
        find(fs, "GetWorkerBuildIdCompatibilityRequest").field[2].number = 4

    def retype(fs):
        find(fs, "UpdateWorkerBuildIdCompatibilityRequest").field[0].type = descriptor_pb2.FieldDescriptorProto.TYPE_BYTES

    def rename(fs):
        find(fs, "CompatibleVersionSet").field[0].name = "build_id"

    def relabel(fs):
        find(fs, "GetWorkerTaskReachabilityRequest").field[1].label = descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL

    def enum_value(fs):
        for f in fs.file:
            for e in f.enum_type:
                if e.name == "TaskReachability":
                    e.value[1].number = 7

    mutations = [("renumbered field", renumber), ("retyped field", retype), ("renamed field", rename),
                 ("repeated made singular", relabel), ("enum value renumbered", enum_value)]
    failures = 0
    import tempfile
    for name, mutate in mutations:
        file_set = descriptor_pb2.FileDescriptorSet.FromString(original)
        mutate(file_set)
        with tempfile.NamedTemporaryFile(suffix=".desc") as tmp:
            tmp.write(file_set.SerializeToString())
            tmp.flush()
            _, problems = check(tmp.name, official, out=lambda *_: None)
        verdict = "detected" if problems else "MISSED"
        print(f"self-test {name}: {verdict} ({problems[0] if problems else 'no mismatch reported'})")
        failures += 0 if problems else 1
    print(f"self-test: {len(mutations) - failures} of {len(mutations)} mutations detected")
    return failures == 0


def main(argv):
    official = official_pool()
    if argv[1:2] == ["--self-test"]:
        return 0 if self_test(argv[2], official) else 1
    counts, problems = check(argv[1], official)
    for problem in problems:
        print("MISMATCH", problem)
    print(f"conformance: {counts['messages']} messages, {counts['fields']} fields, {counts['enums']} enums, "
          f"{counts['methods']} methods checked, {len(problems)} mismatches")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
