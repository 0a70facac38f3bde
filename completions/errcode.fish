# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_errcode_global_optspecs
    string join \n json format= color= h/help V/version
end

function __fish_errcode_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_errcode_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_errcode_using_subcommand
    set -l cmd (__fish_errcode_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c errcode -n "__fish_errcode_needs_command" -l format -d 'Output format' -r -f -a "table\t'Tables and cards for people'
json\t'JSON for scripts'
jsonl\t'JSON Lines: one entry object per line (entry lists only)'
csv\t'CSV (RFC 4180) with a header row (entry lists only)'"
complete -c errcode -n "__fish_errcode_needs_command" -l color -d 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)' -r -f -a "auto\t'Colour when stdout is a terminal, unless the environment says otherwise'
always\t'Always colour'
never\t'Never colour'"
complete -c errcode -n "__fish_errcode_needs_command" -l json -d 'Print JSON (same as --format json)'
complete -c errcode -n "__fish_errcode_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c errcode -n "__fish_errcode_needs_command" -s V -l version -d 'Print version'
complete -c errcode -n "__fish_errcode_needs_command" -a "lookup" -d 'Look up error codes by name (case-insensitive), across services'
complete -c errcode -n "__fish_errcode_needs_command" -a "hresult" -d 'Explain an HRESULT: its structure, the catalog entries and every Windows name for it'
complete -c errcode -n "__fish_errcode_needs_command" -a "status" -d 'Explain an HTTP status (or Cosmos DB status.substatus) and list its entries'
complete -c errcode -n "__fish_errcode_needs_command" -a "list" -d 'List catalog entries (the Windows names with --service windows)'
complete -c errcode -n "__fish_errcode_needs_command" -a "search" -d 'Search codes and messages for all the given words in any form or synonym, best match first'
complete -c errcode -n "__fish_errcode_needs_command" -a "exit" -d 'Explain a process exit code: NTSTATUS, HRESULT, Win32, .NET, Service Fabric, Batch, Linux signals'
complete -c errcode -n "__fish_errcode_needs_command" -a "services" -d 'List the services with their ids, names, sources and entry counts'
complete -c errcode -n "__fish_errcode_needs_command" -a "decode" -d 'Explain an error response body (XML, JSON or a whole raw HTTP response)'
complete -c errcode -n "__fish_errcode_needs_command" -a "retryable" -d 'Decode a response and answer for scripts: exit 0 retry, 1 do not retry, 2 unreadable'
complete -c errcode -n "__fish_errcode_needs_command" -a "scan" -d 'Find and explain every error code, HRESULT and Cosmos DB status pair in logs'
complete -c errcode -n "__fish_errcode_needs_command" -a "run" -d 'Run a command, pass its output through, and explain the error codes it printed if it fails'
complete -c errcode -n "__fish_errcode_needs_command" -a "man" -d 'Print the man page (roff)'
complete -c errcode -n "__fish_errcode_needs_command" -a "completions" -d 'Print a shell completion script'
complete -c errcode -n "__fish_errcode_needs_command" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c errcode -n "__fish_errcode_using_subcommand lookup" -s s -l service -d 'Only this service (ids, full names and aliases accepted, any case)' -r -f -a "fabric\t'Azure Service Fabric'
batch\t'Azure Batch'
veeam\t'Veeam Backup Enterprise Manager REST API'
cosmos\t'Azure Cosmos DB'
iis-media\t'IIS Media Services'
windows\t'Windows error codes (Win32, HRESULT, NTSTATUS)'"
complete -c errcode -n "__fish_errcode_using_subcommand lookup" -l format -d 'Output format' -r -f -a "table\t'Tables and cards for people'
json\t'JSON for scripts'
jsonl\t'JSON Lines: one entry object per line (entry lists only)'
csv\t'CSV (RFC 4180) with a header row (entry lists only)'"
complete -c errcode -n "__fish_errcode_using_subcommand lookup" -l color -d 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)' -r -f -a "auto\t'Colour when stdout is a terminal, unless the environment says otherwise'
always\t'Always colour'
never\t'Never colour'"
complete -c errcode -n "__fish_errcode_using_subcommand lookup" -l json -d 'Print JSON (same as --format json)'
complete -c errcode -n "__fish_errcode_using_subcommand lookup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c errcode -n "__fish_errcode_using_subcommand hresult" -l format -d 'Output format' -r -f -a "table\t'Tables and cards for people'
json\t'JSON for scripts'
jsonl\t'JSON Lines: one entry object per line (entry lists only)'
csv\t'CSV (RFC 4180) with a header row (entry lists only)'"
complete -c errcode -n "__fish_errcode_using_subcommand hresult" -l color -d 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)' -r -f -a "auto\t'Colour when stdout is a terminal, unless the environment says otherwise'
always\t'Always colour'
never\t'Never colour'"
complete -c errcode -n "__fish_errcode_using_subcommand hresult" -l json -d 'Print JSON (same as --format json)'
complete -c errcode -n "__fish_errcode_using_subcommand hresult" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c errcode -n "__fish_errcode_using_subcommand status" -s s -l service -d 'Only this service (ids, full names and aliases accepted, any case)' -r -f -a "fabric\t'Azure Service Fabric'
batch\t'Azure Batch'
veeam\t'Veeam Backup Enterprise Manager REST API'
cosmos\t'Azure Cosmos DB'
iis-media\t'IIS Media Services'
windows\t'Windows error codes (Win32, HRESULT, NTSTATUS)'"
complete -c errcode -n "__fish_errcode_using_subcommand status" -l format -d 'Output format' -r -f -a "table\t'Tables and cards for people'
json\t'JSON for scripts'
jsonl\t'JSON Lines: one entry object per line (entry lists only)'
csv\t'CSV (RFC 4180) with a header row (entry lists only)'"
complete -c errcode -n "__fish_errcode_using_subcommand status" -l color -d 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)' -r -f -a "auto\t'Colour when stdout is a terminal, unless the environment says otherwise'
always\t'Always colour'
never\t'Never colour'"
complete -c errcode -n "__fish_errcode_using_subcommand status" -l json -d 'Print JSON (same as --format json)'
complete -c errcode -n "__fish_errcode_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c errcode -n "__fish_errcode_using_subcommand list" -s s -l service -d 'Only this service (ids, full names and aliases accepted, any case)' -r -f -a "fabric\t'Azure Service Fabric'
batch\t'Azure Batch'
veeam\t'Veeam Backup Enterprise Manager REST API'
cosmos\t'Azure Cosmos DB'
iis-media\t'IIS Media Services'
windows\t'Windows error codes (Win32, HRESULT, NTSTATUS)'"
complete -c errcode -n "__fish_errcode_using_subcommand list" -l status -d 'Only entries with this HTTP status (409, 404.1002)' -r
complete -c errcode -n "__fish_errcode_using_subcommand list" -l category -d 'Only entries of this category (UserError, ServerError)' -r
complete -c errcode -n "__fish_errcode_using_subcommand list" -l origin -d 'Only entries from the seed documents or from the wider reference material' -r -f -a "seed\t'A row of one of the five seed documents'
reference\t'The wider reference material (SDK sources, IDL, gateway maps)'"
complete -c errcode -n "__fish_errcode_using_subcommand list" -l format -d 'Output format' -r -f -a "table\t'Tables and cards for people'
json\t'JSON for scripts'
jsonl\t'JSON Lines: one entry object per line (entry lists only)'
csv\t'CSV (RFC 4180) with a header row (entry lists only)'"
complete -c errcode -n "__fish_errcode_using_subcommand list" -l color -d 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)' -r -f -a "auto\t'Colour when stdout is a terminal, unless the environment says otherwise'
always\t'Always colour'
never\t'Never colour'"
complete -c errcode -n "__fish_errcode_using_subcommand list" -l json -d 'Print JSON (same as --format json)'
complete -c errcode -n "__fish_errcode_using_subcommand list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c errcode -n "__fish_errcode_using_subcommand search" -s s -l service -d 'Only this service (ids, full names and aliases accepted, any case)' -r -f -a "fabric\t'Azure Service Fabric'
batch\t'Azure Batch'
veeam\t'Veeam Backup Enterprise Manager REST API'
cosmos\t'Azure Cosmos DB'
iis-media\t'IIS Media Services'
windows\t'Windows error codes (Win32, HRESULT, NTSTATUS)'"
complete -c errcode -n "__fish_errcode_using_subcommand search" -l format -d 'Output format' -r -f -a "table\t'Tables and cards for people'
json\t'JSON for scripts'
jsonl\t'JSON Lines: one entry object per line (entry lists only)'
csv\t'CSV (RFC 4180) with a header row (entry lists only)'"
complete -c errcode -n "__fish_errcode_using_subcommand search" -l color -d 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)' -r -f -a "auto\t'Colour when stdout is a terminal, unless the environment says otherwise'
always\t'Always colour'
never\t'Never colour'"
complete -c errcode -n "__fish_errcode_using_subcommand search" -l json -d 'Print JSON (same as --format json)'
complete -c errcode -n "__fish_errcode_using_subcommand search" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c errcode -n "__fish_errcode_using_subcommand exit" -l format -d 'Output format' -r -f -a "table\t'Tables and cards for people'
json\t'JSON for scripts'
jsonl\t'JSON Lines: one entry object per line (entry lists only)'
csv\t'CSV (RFC 4180) with a header row (entry lists only)'"
complete -c errcode -n "__fish_errcode_using_subcommand exit" -l color -d 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)' -r -f -a "auto\t'Colour when stdout is a terminal, unless the environment says otherwise'
always\t'Always colour'
never\t'Never colour'"
complete -c errcode -n "__fish_errcode_using_subcommand exit" -l json -d 'Print JSON (same as --format json)'
complete -c errcode -n "__fish_errcode_using_subcommand exit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c errcode -n "__fish_errcode_using_subcommand services" -l format -d 'Output format' -r -f -a "table\t'Tables and cards for people'
json\t'JSON for scripts'
jsonl\t'JSON Lines: one entry object per line (entry lists only)'
csv\t'CSV (RFC 4180) with a header row (entry lists only)'"
complete -c errcode -n "__fish_errcode_using_subcommand services" -l color -d 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)' -r -f -a "auto\t'Colour when stdout is a terminal, unless the environment says otherwise'
always\t'Always colour'
never\t'Never colour'"
complete -c errcode -n "__fish_errcode_using_subcommand services" -l json -d 'Print JSON (same as --format json)'
complete -c errcode -n "__fish_errcode_using_subcommand services" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c errcode -n "__fish_errcode_using_subcommand decode" -l max-bytes -d 'Refuse input larger than this; bytes, or with a suffix K, M, G (KiB, MiB, GiB: powers of 1024), as in 64K or 16M' -r
complete -c errcode -n "__fish_errcode_using_subcommand decode" -s s -l service -d 'Only this service (ids, full names and aliases accepted, any case)' -r -f -a "fabric\t'Azure Service Fabric'
batch\t'Azure Batch'
veeam\t'Veeam Backup Enterprise Manager REST API'
cosmos\t'Azure Cosmos DB'
iis-media\t'IIS Media Services'
windows\t'Windows error codes (Win32, HRESULT, NTSTATUS)'"
complete -c errcode -n "__fish_errcode_using_subcommand decode" -l format -d 'Output format' -r -f -a "table\t'Tables and cards for people'
json\t'JSON for scripts'
jsonl\t'JSON Lines: one entry object per line (entry lists only)'
csv\t'CSV (RFC 4180) with a header row (entry lists only)'"
complete -c errcode -n "__fish_errcode_using_subcommand decode" -l color -d 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)' -r -f -a "auto\t'Colour when stdout is a terminal, unless the environment says otherwise'
always\t'Always colour'
never\t'Never colour'"
complete -c errcode -n "__fish_errcode_using_subcommand decode" -l lines -d 'The input holds many bodies, one per line (NDJSON logs); JSON Lines under --json. --max-bytes then limits each line'
complete -c errcode -n "__fish_errcode_using_subcommand decode" -l json -d 'Print JSON (same as --format json)'
complete -c errcode -n "__fish_errcode_using_subcommand decode" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c errcode -n "__fish_errcode_using_subcommand retryable" -l max-bytes -d 'Refuse input larger than this; bytes, or with a suffix K, M, G (KiB, MiB, GiB: powers of 1024), as in 64K or 16M' -r
complete -c errcode -n "__fish_errcode_using_subcommand retryable" -s s -l service -d 'Only this service (ids, full names and aliases accepted, any case)' -r -f -a "fabric\t'Azure Service Fabric'
batch\t'Azure Batch'
veeam\t'Veeam Backup Enterprise Manager REST API'
cosmos\t'Azure Cosmos DB'
iis-media\t'IIS Media Services'
windows\t'Windows error codes (Win32, HRESULT, NTSTATUS)'"
complete -c errcode -n "__fish_errcode_using_subcommand retryable" -l method -d 'The request\'s HTTP method: a write (POST) may get a stricter answer than a read' -r
complete -c errcode -n "__fish_errcode_using_subcommand retryable" -l format -d 'Output format' -r -f -a "table\t'Tables and cards for people'
json\t'JSON for scripts'
jsonl\t'JSON Lines: one entry object per line (entry lists only)'
csv\t'CSV (RFC 4180) with a header row (entry lists only)'"
complete -c errcode -n "__fish_errcode_using_subcommand retryable" -l color -d 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)' -r -f -a "auto\t'Colour when stdout is a terminal, unless the environment says otherwise'
always\t'Always colour'
never\t'Never colour'"
complete -c errcode -n "__fish_errcode_using_subcommand retryable" -l json -d 'Print JSON (same as --format json)'
complete -c errcode -n "__fish_errcode_using_subcommand retryable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c errcode -n "__fish_errcode_using_subcommand scan" -l format -d 'Output format' -r -f -a "table\t'Tables and cards for people'
json\t'JSON for scripts'
jsonl\t'JSON Lines: one entry object per line (entry lists only)'
csv\t'CSV (RFC 4180) with a header row (entry lists only)'"
complete -c errcode -n "__fish_errcode_using_subcommand scan" -l color -d 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)' -r -f -a "auto\t'Colour when stdout is a terminal, unless the environment says otherwise'
always\t'Always colour'
never\t'Never colour'"
complete -c errcode -n "__fish_errcode_using_subcommand scan" -l summary -d 'One row per code with its count, first and last line, sorted by count'
complete -c errcode -n "__fish_errcode_using_subcommand scan" -l low -d 'Also report low-confidence matches: code names that are ordinary words (Unknown, ServerBusy) with no error-code key or service name on their line'
complete -c errcode -n "__fish_errcode_using_subcommand scan" -l json -d 'Print JSON (same as --format json)'
complete -c errcode -n "__fish_errcode_using_subcommand scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c errcode -n "__fish_errcode_using_subcommand run" -l json-file -d 'Also write the explanation as JSON to FILE, whether the command fails or not (`--json FILE` before the command means the same)' -r -F
complete -c errcode -n "__fish_errcode_using_subcommand run" -l format -d 'Output format' -r -f -a "table\t'Tables and cards for people'
json\t'JSON for scripts'
jsonl\t'JSON Lines: one entry object per line (entry lists only)'
csv\t'CSV (RFC 4180) with a header row (entry lists only)'"
complete -c errcode -n "__fish_errcode_using_subcommand run" -l color -d 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)' -r -f -a "auto\t'Colour when stdout is a terminal, unless the environment says otherwise'
always\t'Always colour'
never\t'Never colour'"
complete -c errcode -n "__fish_errcode_using_subcommand run" -l json -d 'Print JSON (same as --format json)'
complete -c errcode -n "__fish_errcode_using_subcommand run" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c errcode -n "__fish_errcode_using_subcommand man" -l format -d 'Output format' -r -f -a "table\t'Tables and cards for people'
json\t'JSON for scripts'
jsonl\t'JSON Lines: one entry object per line (entry lists only)'
csv\t'CSV (RFC 4180) with a header row (entry lists only)'"
complete -c errcode -n "__fish_errcode_using_subcommand man" -l color -d 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)' -r -f -a "auto\t'Colour when stdout is a terminal, unless the environment says otherwise'
always\t'Always colour'
never\t'Never colour'"
complete -c errcode -n "__fish_errcode_using_subcommand man" -l json -d 'Print JSON (same as --format json)'
complete -c errcode -n "__fish_errcode_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c errcode -n "__fish_errcode_using_subcommand completions" -l format -d 'Output format' -r -f -a "table\t'Tables and cards for people'
json\t'JSON for scripts'
jsonl\t'JSON Lines: one entry object per line (entry lists only)'
csv\t'CSV (RFC 4180) with a header row (entry lists only)'"
complete -c errcode -n "__fish_errcode_using_subcommand completions" -l color -d 'When to use colour (under auto: NO_COLOR, CLICOLOR=0 turn it off; CLICOLOR_FORCE, FORCE_COLOR force it)' -r -f -a "auto\t'Colour when stdout is a terminal, unless the environment says otherwise'
always\t'Always colour'
never\t'Never colour'"
complete -c errcode -n "__fish_errcode_using_subcommand completions" -l json -d 'Print JSON (same as --format json)'
complete -c errcode -n "__fish_errcode_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c errcode -n "__fish_errcode_using_subcommand help; and not __fish_seen_subcommand_from lookup hresult status list search exit services decode retryable scan run man completions help" -f -a "lookup" -d 'Look up error codes by name (case-insensitive), across services'
complete -c errcode -n "__fish_errcode_using_subcommand help; and not __fish_seen_subcommand_from lookup hresult status list search exit services decode retryable scan run man completions help" -f -a "hresult" -d 'Explain an HRESULT: its structure, the catalog entries and every Windows name for it'
complete -c errcode -n "__fish_errcode_using_subcommand help; and not __fish_seen_subcommand_from lookup hresult status list search exit services decode retryable scan run man completions help" -f -a "status" -d 'Explain an HTTP status (or Cosmos DB status.substatus) and list its entries'
complete -c errcode -n "__fish_errcode_using_subcommand help; and not __fish_seen_subcommand_from lookup hresult status list search exit services decode retryable scan run man completions help" -f -a "list" -d 'List catalog entries (the Windows names with --service windows)'
complete -c errcode -n "__fish_errcode_using_subcommand help; and not __fish_seen_subcommand_from lookup hresult status list search exit services decode retryable scan run man completions help" -f -a "search" -d 'Search codes and messages for all the given words in any form or synonym, best match first'
complete -c errcode -n "__fish_errcode_using_subcommand help; and not __fish_seen_subcommand_from lookup hresult status list search exit services decode retryable scan run man completions help" -f -a "exit" -d 'Explain a process exit code: NTSTATUS, HRESULT, Win32, .NET, Service Fabric, Batch, Linux signals'
complete -c errcode -n "__fish_errcode_using_subcommand help; and not __fish_seen_subcommand_from lookup hresult status list search exit services decode retryable scan run man completions help" -f -a "services" -d 'List the services with their ids, names, sources and entry counts'
complete -c errcode -n "__fish_errcode_using_subcommand help; and not __fish_seen_subcommand_from lookup hresult status list search exit services decode retryable scan run man completions help" -f -a "decode" -d 'Explain an error response body (XML, JSON or a whole raw HTTP response)'
complete -c errcode -n "__fish_errcode_using_subcommand help; and not __fish_seen_subcommand_from lookup hresult status list search exit services decode retryable scan run man completions help" -f -a "retryable" -d 'Decode a response and answer for scripts: exit 0 retry, 1 do not retry, 2 unreadable'
complete -c errcode -n "__fish_errcode_using_subcommand help; and not __fish_seen_subcommand_from lookup hresult status list search exit services decode retryable scan run man completions help" -f -a "scan" -d 'Find and explain every error code, HRESULT and Cosmos DB status pair in logs'
complete -c errcode -n "__fish_errcode_using_subcommand help; and not __fish_seen_subcommand_from lookup hresult status list search exit services decode retryable scan run man completions help" -f -a "run" -d 'Run a command, pass its output through, and explain the error codes it printed if it fails'
complete -c errcode -n "__fish_errcode_using_subcommand help; and not __fish_seen_subcommand_from lookup hresult status list search exit services decode retryable scan run man completions help" -f -a "man" -d 'Print the man page (roff)'
complete -c errcode -n "__fish_errcode_using_subcommand help; and not __fish_seen_subcommand_from lookup hresult status list search exit services decode retryable scan run man completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c errcode -n "__fish_errcode_using_subcommand help; and not __fish_seen_subcommand_from lookup hresult status list search exit services decode retryable scan run man completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
