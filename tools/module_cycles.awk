# Reads the DOT graph of `cargo modules dependencies --no-externs --layout dot` and fails
# (exit 1) when the modules of the crate depend on each other in a circle.
#
# cargo-modules draws items (types, functions, …) as well as modules, and its own `--acyclic`
# treats a type and its methods as a cycle (`Span` owns `Span::new`, which returns a `Span`),
# so it fails on any crate with a constructor. Here every "uses" edge between two items is
# lifted to the modules that hold them, then to the two children of their closest common
# ancestor: `a::b::X` using `c::Y` is a dependency of `a` on `c`. A module using its own
# parent's or child's items is no dependency (a child module is part of its parent).
function module_of(p,    q) {
  q = p
  while (q != "") {
    if (q in ismod) return q
    if (index(q, "::") == 0) return ""
    sub(/::[^:]*$/, "", q)
  }
  return ""
}
function dfs(u,    i, v) {
  color[u] = 1
  stack[++depth] = u
  for (i = 1; i <= nout[u]; i++) {
    v = out[u, i]
    if (color[v] == 1) {
      msg = "module cycle: "
      for (j = 1; j <= depth; j++) if (stack[j] == v) break
      for (; j <= depth; j++) msg = msg stack[j] " -> "
      msg = msg v
      print msg > "/dev/stderr"
      for (j = 1; j <= depth; j++) if (stack[j] == v) break
      for (; j < depth; j++) print "  " stack[j] " -> " stack[j + 1] " because " why[stack[j], stack[j + 1]] > "/dev/stderr"
      print "  " u " -> " v " because " why[u, v] > "/dev/stderr"
      return 1
    }
    if (color[v] == 0 && dfs(v)) return 1
  }
  color[u] = 2
  depth--
  return 0
}
/^[ \t]*"[^"]*" \[label="[^"]*(mod|crate)\|/ {
  match($0, /"[^"]*"/)
  ismod[substr($0, RSTART + 1, RLENGTH - 2)] = 1
  next
}
/ -> .*label="uses"/ {
  n = split($0, q, "\"")
  from[++edges] = q[2]
  to[edges] = q[4]
}
END {
  for (e = 1; e <= edges; e++) {
    ma = module_of(from[e]); mb = module_of(to[e])
    if (ma == "" || mb == "" || ma == mb) continue
    na = split(ma, sa, "::"); nb = split(mb, sb, "::")
    k = 0
    while (k < na && k < nb && sa[k + 1] == sb[k + 1]) k++
    if (k == na || k == nb) continue
    a = sa[1]; b = sb[1]
    for (i = 2; i <= k + 1; i++) { a = a "::" sa[i]; b = b "::" sb[i] }
    if (!((a, b) in why)) {
      why[a, b] = from[e] " uses " to[e]
      out[a, ++nout[a]] = b
      nodes[a] = 1; nodes[b] = 1
    }
  }
  for (m in nodes) if (color[m] == 0 && dfs(m)) exit 1
}
