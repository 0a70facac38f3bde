
use builtin;
use str;

set edit:completion:arg-completer[errcode] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'errcode'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'errcode'= {
            cand --format 'Output format'
            cand --color 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)'
            cand --json 'Print JSON (same as --format json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand lookup 'Look up error codes by name (case-insensitive), across services'
            cand hresult 'Explain an HRESULT: its structure, the catalog entries and every Windows name for it'
            cand status 'Explain an HTTP status (or Cosmos DB status.substatus) and list its entries'
            cand list 'List catalog entries (the Windows names with --service windows)'
            cand search 'Search codes and messages for all the given words in any form or synonym, best match first'
            cand exit 'Explain a process exit code: NTSTATUS, HRESULT, Win32, .NET, Service Fabric, Batch, Linux signals'
            cand services 'List the services with their ids, names, sources and entry counts'
            cand decode 'Explain an error response body (XML, JSON or a whole raw HTTP response)'
            cand retryable 'Decode a response and answer for scripts: exit 0 retry, 1 do not retry, 2 unreadable'
            cand scan 'Find and explain every error code, HRESULT and Cosmos DB status pair in logs'
            cand run 'Run a command, pass its output through, and explain the error codes it printed if it fails'
            cand man 'Print the man page (roff)'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'errcode;lookup'= {
            cand -s 'Only this service (ids, full names and aliases accepted, any case)'
            cand --service 'Only this service (ids, full names and aliases accepted, any case)'
            cand --format 'Output format'
            cand --color 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)'
            cand --json 'Print JSON (same as --format json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'errcode;hresult'= {
            cand --format 'Output format'
            cand --color 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)'
            cand --json 'Print JSON (same as --format json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'errcode;status'= {
            cand -s 'Only this service (ids, full names and aliases accepted, any case)'
            cand --service 'Only this service (ids, full names and aliases accepted, any case)'
            cand --format 'Output format'
            cand --color 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)'
            cand --json 'Print JSON (same as --format json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'errcode;list'= {
            cand -s 'Only this service (ids, full names and aliases accepted, any case)'
            cand --service 'Only this service (ids, full names and aliases accepted, any case)'
            cand --status 'Only entries with this HTTP status (409, 404.1002)'
            cand --category 'Only entries of this category (UserError, ServerError)'
            cand --origin 'Only entries from the seed documents or from the wider reference material'
            cand --format 'Output format'
            cand --color 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)'
            cand --json 'Print JSON (same as --format json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'errcode;search'= {
            cand -s 'Only this service (ids, full names and aliases accepted, any case)'
            cand --service 'Only this service (ids, full names and aliases accepted, any case)'
            cand --format 'Output format'
            cand --color 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)'
            cand --json 'Print JSON (same as --format json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'errcode;exit'= {
            cand --format 'Output format'
            cand --color 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)'
            cand --json 'Print JSON (same as --format json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'errcode;services'= {
            cand --format 'Output format'
            cand --color 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)'
            cand --json 'Print JSON (same as --format json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'errcode;decode'= {
            cand --max-bytes 'Refuse input larger than this; bytes, or with a suffix K, M, G (KiB, MiB, GiB: powers of 1024), as in 64K or 16M'
            cand -s 'Only this service (ids, full names and aliases accepted, any case)'
            cand --service 'Only this service (ids, full names and aliases accepted, any case)'
            cand --format 'Output format'
            cand --color 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)'
            cand --lines 'The input holds many bodies, one per line (NDJSON logs); JSON Lines under --json. --max-bytes then limits each line'
            cand --json 'Print JSON (same as --format json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'errcode;retryable'= {
            cand --max-bytes 'Refuse input larger than this; bytes, or with a suffix K, M, G (KiB, MiB, GiB: powers of 1024), as in 64K or 16M'
            cand -s 'Only this service (ids, full names and aliases accepted, any case)'
            cand --service 'Only this service (ids, full names and aliases accepted, any case)'
            cand --method 'The request''s HTTP method: a write (POST) may get a stricter answer than a read'
            cand --format 'Output format'
            cand --color 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)'
            cand --json 'Print JSON (same as --format json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'errcode;scan'= {
            cand --format 'Output format'
            cand --color 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)'
            cand --summary 'One row per code with its count, first and last line, sorted by count'
            cand --low 'Also report low-confidence matches: code names that are ordinary words (Unknown, ServerBusy) with no error-code key or service name on their line'
            cand --json 'Print JSON (same as --format json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'errcode;run'= {
            cand --json-file 'Also write the explanation as JSON to FILE, whether the command fails or not (`--json FILE` before the command means the same)'
            cand --format 'Output format'
            cand --color 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)'
            cand --json 'Print JSON (same as --format json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'errcode;man'= {
            cand --format 'Output format'
            cand --color 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)'
            cand --json 'Print JSON (same as --format json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'errcode;completions'= {
            cand --format 'Output format'
            cand --color 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)'
            cand --json 'Print JSON (same as --format json)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'errcode;help'= {
            cand lookup 'Look up error codes by name (case-insensitive), across services'
            cand hresult 'Explain an HRESULT: its structure, the catalog entries and every Windows name for it'
            cand status 'Explain an HTTP status (or Cosmos DB status.substatus) and list its entries'
            cand list 'List catalog entries (the Windows names with --service windows)'
            cand search 'Search codes and messages for all the given words in any form or synonym, best match first'
            cand exit 'Explain a process exit code: NTSTATUS, HRESULT, Win32, .NET, Service Fabric, Batch, Linux signals'
            cand services 'List the services with their ids, names, sources and entry counts'
            cand decode 'Explain an error response body (XML, JSON or a whole raw HTTP response)'
            cand retryable 'Decode a response and answer for scripts: exit 0 retry, 1 do not retry, 2 unreadable'
            cand scan 'Find and explain every error code, HRESULT and Cosmos DB status pair in logs'
            cand run 'Run a command, pass its output through, and explain the error codes it printed if it fails'
            cand man 'Print the man page (roff)'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'errcode;help;lookup'= {
        }
        &'errcode;help;hresult'= {
        }
        &'errcode;help;status'= {
        }
        &'errcode;help;list'= {
        }
        &'errcode;help;search'= {
        }
        &'errcode;help;exit'= {
        }
        &'errcode;help;services'= {
        }
        &'errcode;help;decode'= {
        }
        &'errcode;help;retryable'= {
        }
        &'errcode;help;scan'= {
        }
        &'errcode;help;run'= {
        }
        &'errcode;help;man'= {
        }
        &'errcode;help;completions'= {
        }
        &'errcode;help;help'= {
        }
    ]
    $completions[$command]
}
