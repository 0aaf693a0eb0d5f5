
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'gardefou' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'gardefou'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'gardefou' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Lint OpenAPI documents (files, directories, globs, or `-` for standard input)')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List the rule catalogue')
            [CompletionResult]::new('rule', 'rule', [CompletionResultType]::ParameterValue, 'Show one rule''s documentation')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two versions of an API and classify every change (breaking, possibly breaking, safe)')
            [CompletionResult]::new('score', 'score', [CompletionResultType]::ParameterValue, 'Score APIs 0–100 per category (validity, security, documentation, naming, versioning)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Evaluate the governance policies of `.gardefou.yaml` for every API at a lifecycle stage: compliance per API, policy and ruleset; exit 1 when a `block` action fires')
            [CompletionResult]::new('bundle', 'bundle', [CompletionResultType]::ParameterValue, 'Write one self-contained definition from a multi-file one (external `$ref`s hoisted into `components`), for gateways that import a single file')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented `.gardefou.yaml` for the APIs found in a folder (never overwrites)')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of `.gardefou.yaml`, for editors'' YAML language servers')
            [CompletionResult]::new('lsp', 'lsp', [CompletionResultType]::ParameterValue, 'Run the language server (LSP over standard input and output) for editors')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script: bash, zsh, fish or powershell')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), or write one page per command into a folder')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the validation service: `POST /api/v1/validations`, the compliance history and the dashboard (docs/serve-openapi.yaml)')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Make or revoke the service''s bearer tokens')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gardefou;lint' {
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Ruleset file (Spectral format), or a built-in ruleset by name (`spectral:oas`, `gardefou:recommended` …). Default: the nearest .gardefou.yaml or .spectral.yaml|yml|json, else the built-in gardefou:recommended')
            [CompletionResult]::new('--ruleset', '--ruleset', [CompletionResultType]::ParameterName, 'Ruleset file (Spectral format), or a built-in ruleset by name (`spectral:oas`, `gardefou:recommended` …). Default: the nearest .gardefou.yaml or .spectral.yaml|yml|json, else the built-in gardefou:recommended')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format: human, json, spectral-json, sarif, junit, github, gitlab, stylish, markdown. Repeat with `FORMAT=FILE` to write several reports in one run (`-f human -f sarif=out.sarif`). Default: human')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: human, json, spectral-json, sarif, junit, github, gitlab, stylish, markdown. Repeat with `FORMAT=FILE` to write several reports in one run (`-f human -f sarif=out.sarif`). Default: human')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to this file instead of standard output (for a format given without `=FILE`)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to this file instead of standard output (for a format given without `=FILE`)')
            [CompletionResult]::new('--fail-severity', '--fail-severity', [CompletionResultType]::ParameterName, 'Exit with 1 when a finding is at or above this severity')
            [CompletionResult]::new('--max-problems', '--max-problems', [CompletionResultType]::ParameterName, 'Print at most N findings (the most severe first) in the human and stylish formats, and in markdown; 0: all. Default: 100 on a terminal, all otherwise')
            [CompletionResult]::new('--only', '--only', [CompletionResultType]::ParameterName, 'Show only the findings of these rules (comma-separated or repeated). The exit code still counts every finding not skipped')
            [CompletionResult]::new('--skip', '--skip', [CompletionResultType]::ParameterName, 'Drop the findings of these rules from the run: not shown, not in a written baseline, not counted for the exit code (as if the ruleset turned them off)')
            [CompletionResult]::new('--min-severity', '--min-severity', [CompletionResultType]::ParameterName, 'Show only findings at or above this severity; the exit code is still decided by `--fail-severity` over every finding not skipped')
            [CompletionResult]::new('--summary-file', '--summary-file', [CompletionResultType]::ParameterName, 'Also append a Markdown summary (the markdown format, within GitHub''s 1 MiB) to this file: `--summary-file "$GITHUB_STEP_SUMMARY"` for the job summary of a GitHub workflow')
            [CompletionResult]::new('--remote-timeout', '--remote-timeout', [CompletionResultType]::ParameterName, 'Longest wait for one remote `$ref` target, in seconds (with --allow-remote-refs)')
            [CompletionResult]::new('--remote-deadline', '--remote-deadline', [CompletionResultType]::ParameterName, 'Longest time spent fetching remote `$ref` targets in one run, in seconds; targets not fetched by then are reported as invalid references (with --allow-remote-refs)')
            [CompletionResult]::new('--function-timeout', '--function-timeout', [CompletionResultType]::ParameterName, 'Time one call of a ruleset JavaScript function may run, in milliseconds; past it the function is stopped and reported as a finding of its rule')
            [CompletionResult]::new('--function-memory', '--function-memory', [CompletionResultType]::ParameterName, 'Memory one call of a ruleset JavaScript function may allocate, in MiB')
            [CompletionResult]::new('--function-env', '--function-env', [CompletionResultType]::ParameterName, 'Copy the environment variable NAME into `process.env` of ruleset JavaScript functions (repeatable); without it their `process.env` is empty')
            [CompletionResult]::new('--write-baseline', '--write-baseline', [CompletionResultType]::ParameterName, 'Record today''s findings in this file (then use it with `--baseline`)')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Report only findings that are not in this baseline (and count the fixed ones). Default: the ruleset''s `baseline:`, when it names one')
            [CompletionResult]::new('--base', '--base', [CompletionResultType]::ParameterName, 'The previous version of the API (a file or `REV:path`), for rules that compare with it (`versioning-breaking-change-needs-major`)')
            [CompletionResult]::new('--max-depth', '--max-depth', [CompletionResultType]::ParameterName, 'Deepest nesting of arrays and objects read')
            [CompletionResult]::new('--max-file-size', '--max-file-size', [CompletionResultType]::ParameterName, 'Largest file read, in bytes')
            [CompletionResult]::new('--max-alias-nodes', '--max-alias-nodes', [CompletionResultType]::ParameterName, 'Most nodes YAML aliases may expand to')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'Colour the human output: `auto` (on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it), `always` or `never`')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'Print only the summary (findings per rule, severity and document) in the human, stylish and markdown formats')
            [CompletionResult]::new('--allow-outside-refs', '--allow-outside-refs', [CompletionResultType]::ParameterName, 'Allow `$ref`s to files outside the root document''s folder')
            [CompletionResult]::new('--allow-remote-refs', '--allow-remote-refs', [CompletionResultType]::ParameterName, 'Fetch remote (`http(s)://`) `$ref` targets. Off by default: nothing is fetched')
            [CompletionResult]::new('--allow-remote-rulesets', '--allow-remote-rulesets', [CompletionResultType]::ParameterName, 'Fetch rulesets named by URL in `extends` (`https://…/ruleset.yaml`), under the same timeouts and size limit as remote `$ref`s. Off by default: nothing is fetched')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Never colour the human output; the same as `--color never`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gardefou;rules' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--ruleset', '--ruleset', [CompletionResultType]::ParameterName, 'Only the rules of this built-in ruleset (`spectral:oas`, `wso2:owasp-top-10` …), each at the severity the ruleset gives it (`off` when it is not recommended); default: the whole catalogue at each rule''s default severity')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gardefou;rule' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gardefou;diff' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to this file instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to this file instead of standard output')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'Exit with 1 when a change of this class (or worse) is found')
            [CompletionResult]::new('--allow-outside-refs', '--allow-outside-refs', [CompletionResultType]::ParameterName, 'Allow `$ref`s to files outside the documents'' folders')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'gardefou;score' {
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Ruleset file; its `scorecard:` section configures the weights and grades')
            [CompletionResult]::new('--ruleset', '--ruleset', [CompletionResultType]::ParameterName, 'Ruleset file; its `scorecard:` section configures the weights and grades')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to this file instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to this file instead of standard output')
            [CompletionResult]::new('--compare', '--compare', [CompletionResultType]::ParameterName, 'An earlier `gardefou score -f json` report: show each API''s change since then')
            [CompletionResult]::new('--min-score', '--min-score', [CompletionResultType]::ParameterName, 'Exit with 1 when an API scores below this (with `--portfolio`: the portfolio''s mean)')
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'The stage whose compliance is shown beside each grade when the ruleset has `policies:` (as `gardefou check --stage` evaluates it)')
            [CompletionResult]::new('--history', '--history', [CompletionResultType]::ParameterName, 'Also record each API''s run (score, grade, compliance at `--stage`) in this history database, as `gardefou serve` does: a SQLite file (created when needed) or a PostgreSQL URL')
            [CompletionResult]::new('--function-timeout', '--function-timeout', [CompletionResultType]::ParameterName, 'Time one call of a ruleset JavaScript function may run, in milliseconds; past it the function is stopped and reported as a finding of its rule')
            [CompletionResult]::new('--function-memory', '--function-memory', [CompletionResultType]::ParameterName, 'Memory one call of a ruleset JavaScript function may allocate, in MiB')
            [CompletionResult]::new('--function-env', '--function-env', [CompletionResultType]::ParameterName, 'Copy the environment variable NAME into `process.env` of ruleset JavaScript functions (repeatable); without it their `process.env` is empty')
            [CompletionResult]::new('--portfolio', '--portfolio', [CompletionResultType]::ParameterName, 'Apply `--min-score` to the portfolio''s mean score instead of each API')
            [CompletionResult]::new('--allow-outside-refs', '--allow-outside-refs', [CompletionResultType]::ParameterName, 'Allow `$ref`s to files outside the root document''s folder')
            [CompletionResult]::new('--allow-remote-rulesets', '--allow-remote-rulesets', [CompletionResultType]::ParameterName, 'Fetch rulesets named by URL in `extends` (`https://…/ruleset.yaml`; 10 s per request, 30 s in all, the file size limit). Off by default: nothing is fetched')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'gardefou;check' {
            [CompletionResult]::new('--stage', '--stage', [CompletionResultType]::ParameterName, 'The lifecycle stage to check: `create` and `update` never block (violations notify); `deploy` and `publish` block where a policy says so')
            [CompletionResult]::new('--history', '--history', [CompletionResultType]::ParameterName, 'Also record each API''s run (score, grade, compliance) in this history database, as `gardefou serve` does: a SQLite file (created when needed) or a PostgreSQL URL')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'The ruleset file holding `labels:` and `policies:`. Default: the nearest .gardefou.yaml (or .spectral.yaml|yml|json) from the first PATH upwards, else from the current directory')
            [CompletionResult]::new('--ruleset', '--ruleset', [CompletionResultType]::ParameterName, 'The ruleset file holding `labels:` and `policies:`. Default: the nearest .gardefou.yaml (or .spectral.yaml|yml|json) from the first PATH upwards, else from the current directory')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to this file instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to this file instead of standard output')
            [CompletionResult]::new('--function-timeout', '--function-timeout', [CompletionResultType]::ParameterName, 'Time one call of a ruleset JavaScript function may run, in milliseconds; past it the function is stopped and reported as a finding of its rule')
            [CompletionResult]::new('--function-memory', '--function-memory', [CompletionResultType]::ParameterName, 'Memory one call of a ruleset JavaScript function may allocate, in MiB')
            [CompletionResult]::new('--function-env', '--function-env', [CompletionResultType]::ParameterName, 'Copy the environment variable NAME into `process.env` of ruleset JavaScript functions (repeatable); without it their `process.env` is empty')
            [CompletionResult]::new('--allow-outside-refs', '--allow-outside-refs', [CompletionResultType]::ParameterName, 'Allow `$ref`s to files outside the root document''s folder')
            [CompletionResult]::new('--allow-remote-rulesets', '--allow-remote-rulesets', [CompletionResultType]::ParameterName, 'Fetch rulesets named by URL in `extends` (`https://…/ruleset.yaml`; 10 s per request, 30 s in all, the file size limit). Off by default: nothing is fetched')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'gardefou;bundle' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the bundle to this file instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the bundle to this file instead of standard output')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Output format. Default: the root document''s (YAML for YAML, JSON for JSON)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format. Default: the root document''s (YAML for YAML, JSON for JSON)')
            [CompletionResult]::new('--remote-timeout', '--remote-timeout', [CompletionResultType]::ParameterName, 'Longest wait for one remote `$ref` target, in seconds (with --allow-remote-refs)')
            [CompletionResult]::new('--remote-deadline', '--remote-deadline', [CompletionResultType]::ParameterName, 'Longest time spent fetching remote `$ref` targets, in seconds (with --allow-remote-refs)')
            [CompletionResult]::new('--max-depth', '--max-depth', [CompletionResultType]::ParameterName, 'Deepest nesting of arrays and objects read, and of the bundle written')
            [CompletionResult]::new('--max-file-size', '--max-file-size', [CompletionResultType]::ParameterName, 'Largest file read, in bytes')
            [CompletionResult]::new('--max-alias-nodes', '--max-alias-nodes', [CompletionResultType]::ParameterName, 'Most nodes YAML aliases may expand to')
            [CompletionResult]::new('--dereference', '--dereference', [CompletionResultType]::ParameterName, 'Replace every `$ref` by its target instead of hoisting it; a target on a reference cycle stays a `$ref` into `components`')
            [CompletionResult]::new('--allow-outside-refs', '--allow-outside-refs', [CompletionResultType]::ParameterName, 'Allow `$ref`s to files outside the root document''s folder')
            [CompletionResult]::new('--allow-remote-refs', '--allow-remote-refs', [CompletionResultType]::ParameterName, 'Fetch remote (`http(s)://`) `$ref` targets and bundle them too. Off by default: nothing is fetched')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gardefou;init' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gardefou;schema' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gardefou;lsp' {
            [CompletionResult]::new('--stdio', '--stdio', [CompletionResultType]::ParameterName, 'Talk over standard input and output (the only transport, and the default). Accepted because language clients add it (VS Code''s with a stdio transport, LSP4IJ''s templates)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gardefou;completions' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gardefou;man' {
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Write `gardefou.1` and one `gardefou-COMMAND.1` per command into this folder instead of printing `gardefou.1`')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gardefou;serve' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'The ruleset file: its rules score every submission, its `policies:` decide compliance. Default: the nearest .gardefou.yaml (or .spectral.yaml|yml|json) from the current directory upwards, else gardefou:recommended')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The ruleset file: its rules score every submission, its `policies:` decide compliance. Default: the nearest .gardefou.yaml (or .spectral.yaml|yml|json) from the current directory upwards, else gardefou:recommended')
            [CompletionResult]::new('--ruleset', '--ruleset', [CompletionResultType]::ParameterName, 'The ruleset file: its rules score every submission, its `policies:` decide compliance. Default: the nearest .gardefou.yaml (or .spectral.yaml|yml|json) from the current directory upwards, else gardefou:recommended')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The history database: a SQLite file, created and migrated when needed, or `postgres://user:password@host:port/dbname` (several instances may share it; no TLS)')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address and port to listen on (port 0: any free port, printed at start)')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'The largest request body accepted, in bytes (larger: 413)')
            [CompletionResult]::new('--time-budget', '--time-budget', [CompletionResultType]::ParameterName, 'How long one validation may take, in seconds (longer: the run fails with 422)')
            [CompletionResult]::new('--workers', '--workers', [CompletionResultType]::ParameterName, 'Validations run at the same time. Default: the number of CPUs')
            [CompletionResult]::new('--queue', '--queue', [CompletionResultType]::ParameterName, 'Validations that may wait beyond those running (more: 503 with Retry-After)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'How long a request waits for its validation before answering 202 with a URL to poll, in seconds')
            [CompletionResult]::new('--function-timeout', '--function-timeout', [CompletionResultType]::ParameterName, 'Time one call of a ruleset JavaScript function may run, in milliseconds; past it the function is stopped and reported as a finding of its rule')
            [CompletionResult]::new('--function-memory', '--function-memory', [CompletionResultType]::ParameterName, 'Memory one call of a ruleset JavaScript function may allocate, in MiB')
            [CompletionResult]::new('--function-env', '--function-env', [CompletionResultType]::ParameterName, 'Copy the environment variable NAME into `process.env` of ruleset JavaScript functions (repeatable); without it their `process.env` is empty')
            [CompletionResult]::new('--public-dashboard', '--public-dashboard', [CompletionResultType]::ParameterName, 'Open the dashboard pages (not the REST API) to anyone who can reach the service')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gardefou;token' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a bearer token; it is printed once, only its SHA-256 is stored')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token by its id (`token create` prints it)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gardefou;token;create' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The history database: a SQLite file or a PostgreSQL URL')
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'What it may do: gardefou:validate, gardefou:read, gardefou:admin (comma-separated)')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Who or what it is for (shown in the audit log)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gardefou;token;revoke' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The history database: a SQLite file or a PostgreSQL URL')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'The token''s id')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'gardefou;token;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a bearer token; it is printed once, only its SHA-256 is stored')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token by its id (`token create` prints it)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gardefou;token;help;create' {
            break
        }
        'gardefou;token;help;revoke' {
            break
        }
        'gardefou;token;help;help' {
            break
        }
        'gardefou;help' {
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Lint OpenAPI documents (files, directories, globs, or `-` for standard input)')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List the rule catalogue')
            [CompletionResult]::new('rule', 'rule', [CompletionResultType]::ParameterValue, 'Show one rule''s documentation')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two versions of an API and classify every change (breaking, possibly breaking, safe)')
            [CompletionResult]::new('score', 'score', [CompletionResultType]::ParameterValue, 'Score APIs 0–100 per category (validity, security, documentation, naming, versioning)')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Evaluate the governance policies of `.gardefou.yaml` for every API at a lifecycle stage: compliance per API, policy and ruleset; exit 1 when a `block` action fires')
            [CompletionResult]::new('bundle', 'bundle', [CompletionResultType]::ParameterValue, 'Write one self-contained definition from a multi-file one (external `$ref`s hoisted into `components`), for gateways that import a single file')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented `.gardefou.yaml` for the APIs found in a folder (never overwrites)')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of `.gardefou.yaml`, for editors'' YAML language servers')
            [CompletionResult]::new('lsp', 'lsp', [CompletionResultType]::ParameterValue, 'Run the language server (LSP over standard input and output) for editors')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script: bash, zsh, fish or powershell')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), or write one page per command into a folder')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the validation service: `POST /api/v1/validations`, the compliance history and the dashboard (docs/serve-openapi.yaml)')
            [CompletionResult]::new('token', 'token', [CompletionResultType]::ParameterValue, 'Make or revoke the service''s bearer tokens')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'gardefou;help;lint' {
            break
        }
        'gardefou;help;rules' {
            break
        }
        'gardefou;help;rule' {
            break
        }
        'gardefou;help;diff' {
            break
        }
        'gardefou;help;score' {
            break
        }
        'gardefou;help;check' {
            break
        }
        'gardefou;help;bundle' {
            break
        }
        'gardefou;help;init' {
            break
        }
        'gardefou;help;schema' {
            break
        }
        'gardefou;help;lsp' {
            break
        }
        'gardefou;help;completions' {
            break
        }
        'gardefou;help;man' {
            break
        }
        'gardefou;help;serve' {
            break
        }
        'gardefou;help;token' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a bearer token; it is printed once, only its SHA-256 is stored')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a token by its id (`token create` prints it)')
            break
        }
        'gardefou;help;token;create' {
            break
        }
        'gardefou;help;token;revoke' {
            break
        }
        'gardefou;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
