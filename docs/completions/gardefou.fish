# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_gardefou_global_optspecs
    string join \n h/help V/version
end

function __fish_gardefou_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_gardefou_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_gardefou_using_subcommand
    set -l cmd (__fish_gardefou_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c gardefou -n "__fish_gardefou_needs_command" -s h -l help -d 'Print help'
complete -c gardefou -n "__fish_gardefou_needs_command" -s V -l version -d 'Print version'
complete -c gardefou -n "__fish_gardefou_needs_command" -f -a "lint" -d 'Lint OpenAPI documents (files, directories, globs, or `-` for standard input)'
complete -c gardefou -n "__fish_gardefou_needs_command" -f -a "rules" -d 'List the rule catalogue'
complete -c gardefou -n "__fish_gardefou_needs_command" -f -a "rule" -d 'Show one rule\'s documentation'
complete -c gardefou -n "__fish_gardefou_needs_command" -f -a "diff" -d 'Compare two versions of an API and classify every change (breaking, possibly breaking, safe)'
complete -c gardefou -n "__fish_gardefou_needs_command" -f -a "score" -d 'Score APIs 0–100 per category (validity, security, documentation, naming, versioning)'
complete -c gardefou -n "__fish_gardefou_needs_command" -f -a "check" -d 'Evaluate the governance policies of `.gardefou.yaml` for every API at a lifecycle stage: compliance per API, policy and ruleset; exit 1 when a `block` action fires'
complete -c gardefou -n "__fish_gardefou_needs_command" -f -a "bundle" -d 'Write one self-contained definition from a multi-file one (external `$ref`s hoisted into `components`), for gateways that import a single file'
complete -c gardefou -n "__fish_gardefou_needs_command" -f -a "init" -d 'Write a commented `.gardefou.yaml` for the APIs found in a folder (never overwrites)'
complete -c gardefou -n "__fish_gardefou_needs_command" -f -a "schema" -d 'Print the JSON Schema of `.gardefou.yaml`, for editors\' YAML language servers'
complete -c gardefou -n "__fish_gardefou_needs_command" -f -a "lsp" -d 'Run the language server (LSP over standard input and output) for editors'
complete -c gardefou -n "__fish_gardefou_needs_command" -f -a "completions" -d 'Print a shell completion script: bash, zsh, fish or powershell'
complete -c gardefou -n "__fish_gardefou_needs_command" -f -a "man" -d 'Print the man page (roff), or write one page per command into a folder'
complete -c gardefou -n "__fish_gardefou_needs_command" -f -a "serve" -d 'Run the validation service: `POST /api/v1/validations`, the compliance history and the dashboard (docs/serve-openapi.yaml)'
complete -c gardefou -n "__fish_gardefou_needs_command" -f -a "token" -d 'Make or revoke the service\'s bearer tokens'
complete -c gardefou -n "__fish_gardefou_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -s r -l ruleset -d 'Ruleset file (Spectral format), or a built-in ruleset by name (`spectral:oas`, `gardefou:recommended` …). Default: the nearest .gardefou.yaml or .spectral.yaml|yml|json, else the built-in gardefou:recommended' -r -F
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -s f -l format -d 'Output format: human, json, spectral-json, sarif, junit, github, gitlab, stylish, markdown. Repeat with `FORMAT=FILE` to write several reports in one run (`-f human -f sarif=out.sarif`). Default: human' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -s o -l output -d 'Write the report to this file instead of standard output (for a format given without `=FILE`)' -r -F
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l fail-severity -d 'Exit with 1 when a finding is at or above this severity' -r -f -a "error\t''
warn\t''
info\t''
hint\t''
never\t''"
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l max-problems -d 'Print at most N findings (the most severe first) in the human and stylish formats, and in markdown; 0: all. Default: 100 on a terminal, all otherwise' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l only -d 'Show only the findings of these rules (comma-separated or repeated). The exit code still counts every finding not skipped' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l skip -d 'Drop the findings of these rules from the run: not shown, not in a written baseline, not counted for the exit code (as if the ruleset turned them off)' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l min-severity -d 'Show only findings at or above this severity; the exit code is still decided by `--fail-severity` over every finding not skipped' -r -f -a "error\t''
warn\t''
info\t''
hint\t''"
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l summary-file -d 'Also append a Markdown summary (the markdown format, within GitHub\'s 1 MiB) to this file: `--summary-file "$GITHUB_STEP_SUMMARY"` for the job summary of a GitHub workflow' -r -F
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l remote-timeout -d 'Longest wait for one remote `$ref` target, in seconds (with --allow-remote-refs)' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l remote-deadline -d 'Longest time spent fetching remote `$ref` targets in one run, in seconds; targets not fetched by then are reported as invalid references (with --allow-remote-refs)' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l function-timeout -d 'Time one call of a ruleset JavaScript function may run, in milliseconds; past it the function is stopped and reported as a finding of its rule' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l function-memory -d 'Memory one call of a ruleset JavaScript function may allocate, in MiB' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l function-env -d 'Copy the environment variable NAME into `process.env` of ruleset JavaScript functions (repeatable); without it their `process.env` is empty' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l write-baseline -d 'Record today\'s findings in this file (then use it with `--baseline`)' -r -F
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l baseline -d 'Report only findings that are not in this baseline (and count the fixed ones). Default: the ruleset\'s `baseline:`, when it names one' -r -F
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l base -d 'The previous version of the API (a file or `REV:path`), for rules that compare with it (`versioning-breaking-change-needs-major`)' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l max-depth -d 'Deepest nesting of arrays and objects read' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l max-file-size -d 'Largest file read, in bytes' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l max-alias-nodes -d 'Most nodes YAML aliases may expand to' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l color -d 'Colour the human output: `auto` (on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it), `always` or `never`' -r -f -a "auto\t''
always\t''
never\t''"
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l summary -d 'Print only the summary (findings per rule, severity and document) in the human, stylish and markdown formats'
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l allow-outside-refs -d 'Allow `$ref`s to files outside the root document\'s folder'
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l allow-remote-refs -d 'Fetch remote (`http(s)://`) `$ref` targets. Off by default: nothing is fetched'
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l allow-remote-rulesets -d 'Fetch rulesets named by URL in `extends` (`https://…/ruleset.yaml`), under the same timeouts and size limit as remote `$ref`s. Off by default: nothing is fetched'
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -l no-color -d 'Never colour the human output; the same as `--color never`'
complete -c gardefou -n "__fish_gardefou_using_subcommand lint" -s h -l help -d 'Print help'
complete -c gardefou -n "__fish_gardefou_using_subcommand rules" -s f -l format -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c gardefou -n "__fish_gardefou_using_subcommand rules" -l ruleset -d 'Only the rules of this built-in ruleset (`spectral:oas`, `wso2:owasp-top-10` …), each at the severity the ruleset gives it (`off` when it is not recommended); default: the whole catalogue at each rule\'s default severity' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand rules" -s h -l help -d 'Print help'
complete -c gardefou -n "__fish_gardefou_using_subcommand rule" -s h -l help -d 'Print help'
complete -c gardefou -n "__fish_gardefou_using_subcommand diff" -s f -l format -d 'Output format' -r -f -a "human\t''
json\t''
spectral-json\t'Spectral\'s JSON shape: one result per change, at its place in the new document (the old one for removals); severity 0 breaking, 1 possibly breaking, 2 safe'"
complete -c gardefou -n "__fish_gardefou_using_subcommand diff" -s o -l output -d 'Write the report to this file instead of standard output' -r -F
complete -c gardefou -n "__fish_gardefou_using_subcommand diff" -l fail-on -d 'Exit with 1 when a change of this class (or worse) is found' -r -f -a "breaking\t''
possibly-breaking\t''
never\t''"
complete -c gardefou -n "__fish_gardefou_using_subcommand diff" -l allow-outside-refs -d 'Allow `$ref`s to files outside the documents\' folders'
complete -c gardefou -n "__fish_gardefou_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gardefou -n "__fish_gardefou_using_subcommand score" -s r -l ruleset -d 'Ruleset file; its `scorecard:` section configures the weights and grades' -r -F
complete -c gardefou -n "__fish_gardefou_using_subcommand score" -s f -l format -d 'Output format' -r -f -a "text\t''
json\t'gardefou\'s scorecard JSON (versioned shape)'
markdown\t''
html\t'One self-contained HTML page (inline styles and SVG, no scripts)'"
complete -c gardefou -n "__fish_gardefou_using_subcommand score" -s o -l output -d 'Write the report to this file instead of standard output' -r -F
complete -c gardefou -n "__fish_gardefou_using_subcommand score" -l compare -d 'An earlier `gardefou score -f json` report: show each API\'s change since then' -r -F
complete -c gardefou -n "__fish_gardefou_using_subcommand score" -l min-score -d 'Exit with 1 when an API scores below this (with `--portfolio`: the portfolio\'s mean)' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand score" -l stage -d 'The stage whose compliance is shown beside each grade when the ruleset has `policies:` (as `gardefou check --stage` evaluates it)' -r -f -a "create\t''
update\t''
deploy\t''
publish\t''"
complete -c gardefou -n "__fish_gardefou_using_subcommand score" -l history -d 'Also record each API\'s run (score, grade, compliance at `--stage`) in this history database, as `gardefou serve` does: a SQLite file (created when needed) or a PostgreSQL URL' -r -F
complete -c gardefou -n "__fish_gardefou_using_subcommand score" -l function-timeout -d 'Time one call of a ruleset JavaScript function may run, in milliseconds; past it the function is stopped and reported as a finding of its rule' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand score" -l function-memory -d 'Memory one call of a ruleset JavaScript function may allocate, in MiB' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand score" -l function-env -d 'Copy the environment variable NAME into `process.env` of ruleset JavaScript functions (repeatable); without it their `process.env` is empty' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand score" -l portfolio -d 'Apply `--min-score` to the portfolio\'s mean score instead of each API'
complete -c gardefou -n "__fish_gardefou_using_subcommand score" -l allow-outside-refs -d 'Allow `$ref`s to files outside the root document\'s folder'
complete -c gardefou -n "__fish_gardefou_using_subcommand score" -l allow-remote-rulesets -d 'Fetch rulesets named by URL in `extends` (`https://…/ruleset.yaml`; 10 s per request, 30 s in all, the file size limit). Off by default: nothing is fetched'
complete -c gardefou -n "__fish_gardefou_using_subcommand score" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gardefou -n "__fish_gardefou_using_subcommand check" -l stage -d 'The lifecycle stage to check: `create` and `update` never block (violations notify); `deploy` and `publish` block where a policy says so' -r -f -a "create\t''
update\t''
deploy\t''
publish\t''"
complete -c gardefou -n "__fish_gardefou_using_subcommand check" -l history -d 'Also record each API\'s run (score, grade, compliance) in this history database, as `gardefou serve` does: a SQLite file (created when needed) or a PostgreSQL URL' -r -F
complete -c gardefou -n "__fish_gardefou_using_subcommand check" -s r -l ruleset -d 'The ruleset file holding `labels:` and `policies:`. Default: the nearest .gardefou.yaml (or .spectral.yaml|yml|json) from the first PATH upwards, else from the current directory' -r -F
complete -c gardefou -n "__fish_gardefou_using_subcommand check" -s f -l format -d 'Output format' -r -f -a "text\t'Every API with its policies, rulesets and violations, then the verdict'
json\t'gardefou\'s compliance JSON (versioned; docs/schemas/compliance.schema.json)'
markdown\t'Markdown, for a pull-request comment'
html\t'A self-contained compliance dashboard (inline styles and SVG)'
sarif\t'SARIF 2.1.0 with the violations that block the stage'
junit\t'JUnit XML with the violations that block the stage'
github\t'GitHub Actions annotations for the violations that block the stage'
gitlab\t'GitLab Code Quality report of the violations that block the stage'"
complete -c gardefou -n "__fish_gardefou_using_subcommand check" -s o -l output -d 'Write the report to this file instead of standard output' -r -F
complete -c gardefou -n "__fish_gardefou_using_subcommand check" -l function-timeout -d 'Time one call of a ruleset JavaScript function may run, in milliseconds; past it the function is stopped and reported as a finding of its rule' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand check" -l function-memory -d 'Memory one call of a ruleset JavaScript function may allocate, in MiB' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand check" -l function-env -d 'Copy the environment variable NAME into `process.env` of ruleset JavaScript functions (repeatable); without it their `process.env` is empty' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand check" -l allow-outside-refs -d 'Allow `$ref`s to files outside the root document\'s folder'
complete -c gardefou -n "__fish_gardefou_using_subcommand check" -l allow-remote-rulesets -d 'Fetch rulesets named by URL in `extends` (`https://…/ruleset.yaml`; 10 s per request, 30 s in all, the file size limit). Off by default: nothing is fetched'
complete -c gardefou -n "__fish_gardefou_using_subcommand check" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c gardefou -n "__fish_gardefou_using_subcommand bundle" -s o -l output -d 'Write the bundle to this file instead of standard output' -r -F
complete -c gardefou -n "__fish_gardefou_using_subcommand bundle" -s f -l format -d 'Output format. Default: the root document\'s (YAML for YAML, JSON for JSON)' -r -f -a "yaml\t''
json\t''"
complete -c gardefou -n "__fish_gardefou_using_subcommand bundle" -l remote-timeout -d 'Longest wait for one remote `$ref` target, in seconds (with --allow-remote-refs)' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand bundle" -l remote-deadline -d 'Longest time spent fetching remote `$ref` targets, in seconds (with --allow-remote-refs)' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand bundle" -l max-depth -d 'Deepest nesting of arrays and objects read, and of the bundle written' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand bundle" -l max-file-size -d 'Largest file read, in bytes' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand bundle" -l max-alias-nodes -d 'Most nodes YAML aliases may expand to' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand bundle" -l dereference -d 'Replace every `$ref` by its target instead of hoisting it; a target on a reference cycle stays a `$ref` into `components`'
complete -c gardefou -n "__fish_gardefou_using_subcommand bundle" -l allow-outside-refs -d 'Allow `$ref`s to files outside the root document\'s folder'
complete -c gardefou -n "__fish_gardefou_using_subcommand bundle" -l allow-remote-refs -d 'Fetch remote (`http(s)://`) `$ref` targets and bundle them too. Off by default: nothing is fetched'
complete -c gardefou -n "__fish_gardefou_using_subcommand bundle" -s h -l help -d 'Print help'
complete -c gardefou -n "__fish_gardefou_using_subcommand init" -s h -l help -d 'Print help'
complete -c gardefou -n "__fish_gardefou_using_subcommand schema" -s h -l help -d 'Print help'
complete -c gardefou -n "__fish_gardefou_using_subcommand lsp" -l stdio -d 'Talk over standard input and output (the only transport, and the default). Accepted because language clients add it (VS Code\'s with a stdio transport, LSP4IJ\'s templates)'
complete -c gardefou -n "__fish_gardefou_using_subcommand lsp" -s h -l help -d 'Print help'
complete -c gardefou -n "__fish_gardefou_using_subcommand completions" -s h -l help -d 'Print help'
complete -c gardefou -n "__fish_gardefou_using_subcommand man" -l out-dir -d 'Write `gardefou.1` and one `gardefou-COMMAND.1` per command into this folder instead of printing `gardefou.1`' -r -F
complete -c gardefou -n "__fish_gardefou_using_subcommand man" -s h -l help -d 'Print help'
complete -c gardefou -n "__fish_gardefou_using_subcommand serve" -s c -l config -l ruleset -d 'The ruleset file: its rules score every submission, its `policies:` decide compliance. Default: the nearest .gardefou.yaml (or .spectral.yaml|yml|json) from the current directory upwards, else gardefou:recommended' -r -F
complete -c gardefou -n "__fish_gardefou_using_subcommand serve" -l db -d 'The history database: a SQLite file, created and migrated when needed, or `postgres://user:password@host:port/dbname` (several instances may share it; no TLS)' -r -F
complete -c gardefou -n "__fish_gardefou_using_subcommand serve" -l listen -d 'Address and port to listen on (port 0: any free port, printed at start)' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand serve" -l max-body -d 'The largest request body accepted, in bytes (larger: 413)' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand serve" -l time-budget -d 'How long one validation may take, in seconds (longer: the run fails with 422)' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand serve" -l workers -d 'Validations run at the same time. Default: the number of CPUs' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand serve" -l queue -d 'Validations that may wait beyond those running (more: 503 with Retry-After)' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand serve" -l wait -d 'How long a request waits for its validation before answering 202 with a URL to poll, in seconds' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand serve" -l function-timeout -d 'Time one call of a ruleset JavaScript function may run, in milliseconds; past it the function is stopped and reported as a finding of its rule' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand serve" -l function-memory -d 'Memory one call of a ruleset JavaScript function may allocate, in MiB' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand serve" -l function-env -d 'Copy the environment variable NAME into `process.env` of ruleset JavaScript functions (repeatable); without it their `process.env` is empty' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand serve" -l public-dashboard -d 'Open the dashboard pages (not the REST API) to anyone who can reach the service'
complete -c gardefou -n "__fish_gardefou_using_subcommand serve" -s h -l help -d 'Print help'
complete -c gardefou -n "__fish_gardefou_using_subcommand token; and not __fish_seen_subcommand_from create revoke help" -s h -l help -d 'Print help'
complete -c gardefou -n "__fish_gardefou_using_subcommand token; and not __fish_seen_subcommand_from create revoke help" -f -a "create" -d 'Make a bearer token; it is printed once, only its SHA-256 is stored'
complete -c gardefou -n "__fish_gardefou_using_subcommand token; and not __fish_seen_subcommand_from create revoke help" -f -a "revoke" -d 'Revoke a token by its id (`token create` prints it)'
complete -c gardefou -n "__fish_gardefou_using_subcommand token; and not __fish_seen_subcommand_from create revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gardefou -n "__fish_gardefou_using_subcommand token; and __fish_seen_subcommand_from create" -l db -d 'The history database: a SQLite file or a PostgreSQL URL' -r -F
complete -c gardefou -n "__fish_gardefou_using_subcommand token; and __fish_seen_subcommand_from create" -l scope -d 'What it may do: gardefou:validate, gardefou:read, gardefou:admin (comma-separated)' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand token; and __fish_seen_subcommand_from create" -l name -d 'Who or what it is for (shown in the audit log)' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand token; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c gardefou -n "__fish_gardefou_using_subcommand token; and __fish_seen_subcommand_from revoke" -l db -d 'The history database: a SQLite file or a PostgreSQL URL' -r -F
complete -c gardefou -n "__fish_gardefou_using_subcommand token; and __fish_seen_subcommand_from revoke" -l id -d 'The token\'s id' -r
complete -c gardefou -n "__fish_gardefou_using_subcommand token; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c gardefou -n "__fish_gardefou_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "create" -d 'Make a bearer token; it is printed once, only its SHA-256 is stored'
complete -c gardefou -n "__fish_gardefou_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a token by its id (`token create` prints it)'
complete -c gardefou -n "__fish_gardefou_using_subcommand token; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gardefou -n "__fish_gardefou_using_subcommand help; and not __fish_seen_subcommand_from lint rules rule diff score check bundle init schema lsp completions man serve token help" -f -a "lint" -d 'Lint OpenAPI documents (files, directories, globs, or `-` for standard input)'
complete -c gardefou -n "__fish_gardefou_using_subcommand help; and not __fish_seen_subcommand_from lint rules rule diff score check bundle init schema lsp completions man serve token help" -f -a "rules" -d 'List the rule catalogue'
complete -c gardefou -n "__fish_gardefou_using_subcommand help; and not __fish_seen_subcommand_from lint rules rule diff score check bundle init schema lsp completions man serve token help" -f -a "rule" -d 'Show one rule\'s documentation'
complete -c gardefou -n "__fish_gardefou_using_subcommand help; and not __fish_seen_subcommand_from lint rules rule diff score check bundle init schema lsp completions man serve token help" -f -a "diff" -d 'Compare two versions of an API and classify every change (breaking, possibly breaking, safe)'
complete -c gardefou -n "__fish_gardefou_using_subcommand help; and not __fish_seen_subcommand_from lint rules rule diff score check bundle init schema lsp completions man serve token help" -f -a "score" -d 'Score APIs 0–100 per category (validity, security, documentation, naming, versioning)'
complete -c gardefou -n "__fish_gardefou_using_subcommand help; and not __fish_seen_subcommand_from lint rules rule diff score check bundle init schema lsp completions man serve token help" -f -a "check" -d 'Evaluate the governance policies of `.gardefou.yaml` for every API at a lifecycle stage: compliance per API, policy and ruleset; exit 1 when a `block` action fires'
complete -c gardefou -n "__fish_gardefou_using_subcommand help; and not __fish_seen_subcommand_from lint rules rule diff score check bundle init schema lsp completions man serve token help" -f -a "bundle" -d 'Write one self-contained definition from a multi-file one (external `$ref`s hoisted into `components`), for gateways that import a single file'
complete -c gardefou -n "__fish_gardefou_using_subcommand help; and not __fish_seen_subcommand_from lint rules rule diff score check bundle init schema lsp completions man serve token help" -f -a "init" -d 'Write a commented `.gardefou.yaml` for the APIs found in a folder (never overwrites)'
complete -c gardefou -n "__fish_gardefou_using_subcommand help; and not __fish_seen_subcommand_from lint rules rule diff score check bundle init schema lsp completions man serve token help" -f -a "schema" -d 'Print the JSON Schema of `.gardefou.yaml`, for editors\' YAML language servers'
complete -c gardefou -n "__fish_gardefou_using_subcommand help; and not __fish_seen_subcommand_from lint rules rule diff score check bundle init schema lsp completions man serve token help" -f -a "lsp" -d 'Run the language server (LSP over standard input and output) for editors'
complete -c gardefou -n "__fish_gardefou_using_subcommand help; and not __fish_seen_subcommand_from lint rules rule diff score check bundle init schema lsp completions man serve token help" -f -a "completions" -d 'Print a shell completion script: bash, zsh, fish or powershell'
complete -c gardefou -n "__fish_gardefou_using_subcommand help; and not __fish_seen_subcommand_from lint rules rule diff score check bundle init schema lsp completions man serve token help" -f -a "man" -d 'Print the man page (roff), or write one page per command into a folder'
complete -c gardefou -n "__fish_gardefou_using_subcommand help; and not __fish_seen_subcommand_from lint rules rule diff score check bundle init schema lsp completions man serve token help" -f -a "serve" -d 'Run the validation service: `POST /api/v1/validations`, the compliance history and the dashboard (docs/serve-openapi.yaml)'
complete -c gardefou -n "__fish_gardefou_using_subcommand help; and not __fish_seen_subcommand_from lint rules rule diff score check bundle init schema lsp completions man serve token help" -f -a "token" -d 'Make or revoke the service\'s bearer tokens'
complete -c gardefou -n "__fish_gardefou_using_subcommand help; and not __fish_seen_subcommand_from lint rules rule diff score check bundle init schema lsp completions man serve token help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c gardefou -n "__fish_gardefou_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "create" -d 'Make a bearer token; it is printed once, only its SHA-256 is stored'
complete -c gardefou -n "__fish_gardefou_using_subcommand help; and __fish_seen_subcommand_from token" -f -a "revoke" -d 'Revoke a token by its id (`token create` prints it)'
