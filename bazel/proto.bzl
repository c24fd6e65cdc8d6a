"""sr_proto_library: .proto files -> C++ (.pb, .grpc.pb) and Python (_pb2, _pb2_grpc) code.

Uses Debian's protoc and gRPC plugins directly, so nothing is downloaded. The project has two
proto roots: `proto/` in this repository and the googleapis common protos unpacked into
`@googleapis`; both are always on the import path.
"""

def _import_paths(in_main_repo, deps):
    # Only roots that exist in the action's sandbox: protoc warns about missing ones.
    paths = []
    if in_main_repo:
        paths.append("-Iproto")
    if not in_main_repo or [d for d in deps if d.startswith("@googleapis")]:
        paths.append("-Iexternal/googleapis")
    return " ".join(paths + ["-I/usr/include"])

def _stem(src):
    return src[:-len(".proto")]

def sr_proto_library(name, srcs, deps = [], grpc = False, visibility = None):
    """Declares `<name>_cc` (cc_library), `<name>_py` (filegroup) and `<name>_srcs`.

    Args:
      name: base name of the generated targets.
      srcs: .proto files of this package.
      deps: other sr_proto_library base names (labels without suffix) imported by srcs.
      grpc: also generate gRPC service stubs.
      visibility: visibility of the generated targets.
    """
    in_main_repo = native.repository_name() == "@"
    if in_main_repo:
        if not native.package_name().startswith("proto/"):
            fail("sr_proto_library in the main repository must live under proto/")
        out_root = "$(GENDIR)/proto"
    else:
        out_root = "$(GENDIR)/external/%s" % native.repository_name()[1:]

    import_paths = _import_paths(in_main_repo, deps)
    native.filegroup(
        name = name + "_srcs",
        srcs = srcs + [d + "_srcs" for d in deps],
        visibility = visibility,
    )
    own_srcs = " ".join(["$(location %s)" % s for s in srcs])

    cc_hdrs = [_stem(s) + ".pb.h" for s in srcs]
    cc_srcs = [_stem(s) + ".pb.cc" for s in srcs]
    plugin_flags = ""
    if grpc:
        cc_hdrs += [_stem(s) + ".grpc.pb.h" for s in srcs]
        cc_srcs += [_stem(s) + ".grpc.pb.cc" for s in srcs]
        plugin_flags = "--grpc_out=%s --plugin=protoc-gen-grpc=/usr/bin/grpc_cpp_plugin" % out_root
    native.genrule(
        name = name + "_cc_gen",
        srcs = [name + "_srcs"],
        outs = cc_hdrs + cc_srcs,
        cmd = "/usr/bin/protoc %s --cpp_out=%s %s %s" % (import_paths, out_root, plugin_flags, own_srcs),
        tools = srcs,
    )
    cc_deps = ["@//bazel/system:protobuf"] + [d + "_cc" for d in deps]
    if grpc:
        cc_deps.append("@//bazel/system:grpcpp")
    native.cc_library(
        name = name + "_cc",
        hdrs = cc_hdrs,
        srcs = cc_srcs,
        deps = cc_deps,
        strip_include_prefix = "/proto" if in_main_repo else None,
        includes = None if in_main_repo else ["."],
        visibility = visibility,
    )

    py_outs = [_stem(s) + "_pb2.py" for s in srcs]
    py_flags = ""
    if grpc:
        py_outs += [_stem(s) + "_pb2_grpc.py" for s in srcs]
        py_flags = "--grpc_python_out=%s --plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin" % out_root
    native.genrule(
        name = name + "_py_gen",
        srcs = [name + "_srcs"],
        outs = py_outs,
        cmd = "/usr/bin/protoc %s --python_out=%s %s %s" % (import_paths, out_root, py_flags, own_srcs),
        tools = srcs,
    )
    native.filegroup(
        name = name + "_py",
        srcs = py_outs + [d + "_py" for d in deps],
        visibility = visibility,
    )
