# Shared by the benchmark scripts (sourced, with $root set to the repository).

# bench_prepare: the engine, the images and the jars, as the README's commands have them.
bench_prepare() {
  "$root/scripts/setup.sh" >/dev/null
  "$root/scripts/build.sh" >&2
}

# bench_config FILE ENV PROJECT API_PORT [LINE...]: the repository's deployment_config.yaml, with
# compose_file made absolute, plus environment ENV of project PROJECT on four ports from API_PORT
# (api, worker, db, redis) and any further LINEs of YAML under it, each indented by the caller.
bench_config() {
  local file="$1" env="$2" project="$3" port="$4"; shift 4
  sed "s#compose_file: ../../compose.yaml#compose_file: $root/compose.yaml#" \
    "$root/infrastructure/config/deployment_config.yaml" > "$file"
  {
    printf '\n%s:\n  project: %s\n' "$env" "$project"
    printf '  ports: {api: %d, worker: %d, db: %d, redis: %d}\n' "$port" $((port + 1)) $((port + 2)) $((port + 3))
    local line
    for line in "$@"; do printf '%s\n' "$line"; done
  } >> "$file"
}

# now: the time in seconds, with nanoseconds.
now() { date +%s.%N; }

# elapsed START [END]: seconds from START to END (default: now), two decimals.
elapsed() { awk -v a="${2:-$(now)}" -v b="$1" 'BEGIN { printf "%.2f", a - b }'; }

# stats [DECIMALS]: "min | median | max" of the numbers on standard input, DECIMALS (default 1) each.
stats() {
  sort -n | awk -v d="${1:-1}" '{ a[NR] = $1 } END { f = "%." d "f | %." d "f | %." d "f"
    printf f, a[1], (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2), a[NR] }'
}

# row LABEL VALUE...: a Markdown table row with the min, median and max of the values.
row() { local label="$1"; shift; echo "| $label | $(printf '%s\n' "$@" | stats) |"; }
