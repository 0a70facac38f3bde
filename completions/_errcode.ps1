
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'errcode' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'errcode'
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
        'errcode' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (same as --format json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('lookup', 'lookup', [CompletionResultType]::ParameterValue, 'Look up error codes by name (case-insensitive), across services')
            [CompletionResult]::new('hresult', 'hresult', [CompletionResultType]::ParameterValue, 'Explain an HRESULT: its structure, the catalog entries and every Windows name for it')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Explain an HTTP status (or Cosmos DB status.substatus) and list its entries')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List catalog entries (the Windows names with --service windows)')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Search codes and messages for all the given words in any form or synonym, best match first')
            [CompletionResult]::new('exit', 'exit', [CompletionResultType]::ParameterValue, 'Explain a process exit code: NTSTATUS, HRESULT, Win32, .NET, Service Fabric, Batch, Linux signals')
            [CompletionResult]::new('services', 'services', [CompletionResultType]::ParameterValue, 'List the services with their ids, names, sources and entry counts')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Explain an error response body (XML, JSON or a whole raw HTTP response)')
            [CompletionResult]::new('retryable', 'retryable', [CompletionResultType]::ParameterValue, 'Decode a response and answer for scripts: exit 0 retry, 1 do not retry, 2 unreadable')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Find and explain every error code, HRESULT and Cosmos DB status pair in logs')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a command, pass its output through, and explain the error codes it printed if it fails')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'errcode;lookup' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Only this service (ids, full names and aliases accepted, any case)')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Only this service (ids, full names and aliases accepted, any case)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (same as --format json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'errcode;hresult' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (same as --format json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'errcode;status' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Only this service (ids, full names and aliases accepted, any case)')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Only this service (ids, full names and aliases accepted, any case)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (same as --format json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'errcode;list' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Only this service (ids, full names and aliases accepted, any case)')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Only this service (ids, full names and aliases accepted, any case)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Only entries with this HTTP status (409, 404.1002)')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'Only entries of this category (UserError, ServerError)')
            [CompletionResult]::new('--origin', '--origin', [CompletionResultType]::ParameterName, 'Only entries from the seed documents or from the wider reference material')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (same as --format json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'errcode;search' {
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Only this service (ids, full names and aliases accepted, any case)')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Only this service (ids, full names and aliases accepted, any case)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (same as --format json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'errcode;exit' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (same as --format json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'errcode;services' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (same as --format json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'errcode;decode' {
            [CompletionResult]::new('--max-bytes', '--max-bytes', [CompletionResultType]::ParameterName, 'Refuse input larger than this; bytes, or with a suffix K, M, G (KiB, MiB, GiB: powers of 1024), as in 64K or 16M')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Only this service (ids, full names and aliases accepted, any case)')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Only this service (ids, full names and aliases accepted, any case)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)')
            [CompletionResult]::new('--lines', '--lines', [CompletionResultType]::ParameterName, 'The input holds many bodies, one per line (NDJSON logs); JSON Lines under --json. --max-bytes then limits each line')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (same as --format json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'errcode;retryable' {
            [CompletionResult]::new('--max-bytes', '--max-bytes', [CompletionResultType]::ParameterName, 'Refuse input larger than this; bytes, or with a suffix K, M, G (KiB, MiB, GiB: powers of 1024), as in 64K or 16M')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'Only this service (ids, full names and aliases accepted, any case)')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Only this service (ids, full names and aliases accepted, any case)')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'The request''s HTTP method: a write (POST) may get a stricter answer than a read')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (same as --format json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'errcode;scan' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'One row per code with its count, first and last line, sorted by count')
            [CompletionResult]::new('--low', '--low', [CompletionResultType]::ParameterName, 'Also report low-confidence matches: code names that are ordinary words (Unknown, ServerBusy) with no error-code key or service name on their line')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (same as --format json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'errcode;run' {
            [CompletionResult]::new('--json-file', '--json-file', [CompletionResultType]::ParameterName, 'Also write the explanation as JSON to FILE, whether the command fails or not (`--json FILE` before the command means the same)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (same as --format json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'errcode;man' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (same as --format json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'errcode;completions' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON (same as --format json)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'errcode;help' {
            [CompletionResult]::new('lookup', 'lookup', [CompletionResultType]::ParameterValue, 'Look up error codes by name (case-insensitive), across services')
            [CompletionResult]::new('hresult', 'hresult', [CompletionResultType]::ParameterValue, 'Explain an HRESULT: its structure, the catalog entries and every Windows name for it')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Explain an HTTP status (or Cosmos DB status.substatus) and list its entries')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List catalog entries (the Windows names with --service windows)')
            [CompletionResult]::new('search', 'search', [CompletionResultType]::ParameterValue, 'Search codes and messages for all the given words in any form or synonym, best match first')
            [CompletionResult]::new('exit', 'exit', [CompletionResultType]::ParameterValue, 'Explain a process exit code: NTSTATUS, HRESULT, Win32, .NET, Service Fabric, Batch, Linux signals')
            [CompletionResult]::new('services', 'services', [CompletionResultType]::ParameterValue, 'List the services with their ids, names, sources and entry counts')
            [CompletionResult]::new('decode', 'decode', [CompletionResultType]::ParameterValue, 'Explain an error response body (XML, JSON or a whole raw HTTP response)')
            [CompletionResult]::new('retryable', 'retryable', [CompletionResultType]::ParameterValue, 'Decode a response and answer for scripts: exit 0 retry, 1 do not retry, 2 unreadable')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Find and explain every error code, HRESULT and Cosmos DB status pair in logs')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a command, pass its output through, and explain the error codes it printed if it fails')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'errcode;help;lookup' {
            break
        }
        'errcode;help;hresult' {
            break
        }
        'errcode;help;status' {
            break
        }
        'errcode;help;list' {
            break
        }
        'errcode;help;search' {
            break
        }
        'errcode;help;exit' {
            break
        }
        'errcode;help;services' {
            break
        }
        'errcode;help;decode' {
            break
        }
        'errcode;help;retryable' {
            break
        }
        'errcode;help;scan' {
            break
        }
        'errcode;help;run' {
            break
        }
        'errcode;help;man' {
            break
        }
        'errcode;help;completions' {
            break
        }
        'errcode;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
