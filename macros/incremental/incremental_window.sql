{#-
    Incremental builds (README "Incremental builds"). The large models rebuild only a window: every row whose
    window column (a charge date, or a charge month for the ledger) is on or after the window start is deleted
    and computed again from the current inputs, so a restatement of an old day replaces that day's lines however
    old it is, and a rebuild over a wider window than needed gives the same rows (it is idempotent).

    The window starts at the earliest of
      cost models ('cost'):         the first charge day of any cost file (sources with meta incremental_role
                                    'cost') loaded since the last recorded build;
      allocation models ('allocation'): the same, the first day whose scope an as_of change moved, and the
                                    earliest in-flight day (or day of a line naming it) of every outcome that
                                    appeared, disappeared or changed since the last build (a PR merged today
                                    that opened three weeks ago moves three weeks of in-flight shares);
                                    taken back to the start of its allocation period and month, so a team's
                                    period is always reallocated whole.
    Anything that can move every day at once is a full rebuild: no recorded build, a changed fingerprint
    (the models' and seeds' code, the allocation vars, the people directory and aliases, the known Jira
    projects), or a cost file with no charge period. State lives in costper_state, written by on-run-end only
    for a run in which every incremental model was built (record_incremental_state).
-#}

{% macro state_schema() -%}costper_state{%- endmacro %}

{#- on-run-start: the state tables exist (empty on a new warehouse: the first build is a full one). -#}
{% macro ensure_incremental_state() -%}
    {%- if execute and target.type == 'duckdb' -%}
        create schema if not exists {{ state_schema() }};
        create table if not exists {{ state_schema() }}.build_state (fingerprint varchar, as_of date);
        create table if not exists {{ state_schema() }}.files_seen (file_sha256 varchar);
        create table if not exists {{ state_schema() }}.outcomes_seen (
            outcome_id varchar, outcome_hash varchar, earliest_affected_date date
        );
        commit;  {#- hooks end in a rollback: keep the tables -#}
    {%- endif -%}
    select 1
{%- endmacro %}

{#-
    The config of a large model: incremental with the window_replace strategy where it exists (DuckDB), else a table;
    `kind` ('cost' or 'allocation') says which window, `column` which date column it deletes and rebuilds from.
-#}
{% macro window_replace_config(kind, column) -%}
    {{ config(
        materialized=large_model_materialization(),
        incremental_strategy='window_replace',
        on_schema_change='fail',
        incremental_window=kind,
        window_column=column,
    ) }}
{%- endmacro %}

{#- The large models' materialization: incremental where a window strategy exists (DuckDB), else a table. -#}
{% macro large_model_materialization() -%}
    {{- return('incremental' if target.type == 'duckdb' else 'table') -}}
{%- endmacro %}

{% macro raw_tables_of_role(role) -%}
    {%- set tables = [] -%}
    {%- for source in graph.sources.values() | sort(attribute='unique_id') -%}
        {%- set meta = source.config.get('meta', {}) or source.meta or {} -%}
        {%- if meta.get('incremental_role') == role -%}
            {%- do tables.append("'" ~ source.schema ~ "." ~ source.identifier ~ "'") -%}
        {%- endif -%}
    {%- endfor -%}
    {{- return(tables) -}}
{%- endmacro %}

{#- Everything whose change can move any day: code, seeds, allocation vars and the directory's content. -#}
{% macro incremental_fingerprint() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set parts = [] -%}
    {%- for name in ['allocation_period', 'person_idle_cost_to_team', 'reporting_currency', 'rework_window_days'] -%}
        {%- do parts.append(name ~ '=' ~ var(name)) -%}
    {%- endfor -%}
    {%- for node in graph.nodes.values() | sort(attribute='unique_id') -%}
        {%- if node.resource_type in ['model', 'seed'] -%}
            {%- do parts.append(node.unique_id ~ '=' ~ node.checksum.checksum) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set content_queries = [] -%}
    {%- for source in graph.sources.values() | sort(attribute='unique_id') -%}
        {%- set meta = source.config.get('meta', {}) or source.meta or {} -%}
        {%- if meta.get('incremental_role') == 'directory' or meta.get('incremental_fingerprint_columns') -%}
            {%- set relation = api.Relation.create(
                database=source.database, schema=source.schema, identifier=source.identifier) -%}
            {#- every column but costper's lineage columns (_file_sha256, _loaded_at, ...): content, not files -#}
            {%- set columns = meta.get('incremental_fingerprint_columns') | join(', ')
                if meta.get('incremental_fingerprint_columns') else "columns('^[^_].*')" -%}
            {%- do content_queries.append(
                "select distinct '" ~ source.identifier ~ "' as source_table, cast(content as varchar) as content"
                ~ " from (select " ~ columns ~ " from " ~ relation ~ " where not _is_superseded) as content") -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if content_queries -%}
        {%- set content = run_query(
            "select md5(coalesce(string_agg(source_table || ':' || content, chr(10) order by source_table, content), ''))"
            ~ " from (" ~ (content_queries | join(' union all ')) ~ ")").columns[0].values()[0] -%}
        {%- do parts.append('directory=' ~ content) -%}
    {%- endif -%}
    {{- return(local_md5(parts | join('\n'))) -}}
{%- endmacro %}

{#- The relation of one of this project's models by name, without ref (usable from hooks and macros). -#}
{% macro model_relation(name) -%}
    {%- set node = graph.nodes['model.' ~ project_name ~ '.' ~ name] -%}
    {{- return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) -}}
{%- endmacro %}

{#-
    The first date to rebuild for `kind`, or none: rebuild everything. 'cost' is decided here from the files;
    'allocation' by int_allocation__window, built in the same run before the allocation models (which name it
    in a depends_on comment).
-#}
{% macro incremental_window_start(kind) -%}
    {%- if not execute or target.type != 'duckdb' -%}{{ return(none) }}{%- endif -%}
    {#- asked several times per node (materialization, SQL, strategy, tests): decided once per node -#}
    {%- set cache = model.setdefault('costper_windows', {}) if model is mapping else {} -%}
    {%- if kind not in cache -%}{%- do cache.update({kind: decide_window_start(kind)}) -%}{%- endif -%}
    {{- return(cache[kind]) -}}
{%- endmacro %}

{% macro decide_window_start(kind) -%}
    {%- if kind == 'allocation' -%}
        {%- set window = run_query(
            'select cast(window_start as varchar), is_full_rebuild from ' ~ model_relation('int_allocation__window')
        ).rows[0] -%}
        {{- return(none if window[1] else window[0]) -}}
    {%- endif -%}
    {%- if adapter.get_relation(database=target.database, schema=state_schema(), identifier='build_state') is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set state = run_query('select fingerprint from ' ~ state_schema() ~ '.build_state') -%}
    {%- if state.rows | length != 1 or state.rows[0][0] != incremental_fingerprint() -%}{{ return(none) }}{%- endif -%}
    {%- set window = run_query(
        "select cast(min(cast(period_start as date)) as varchar), count(*) filter (where period_start is null)"
        ~ " from (" ~ new_cost_files_sql() ~ ")").rows[0] -%}
    {{- return(none if window[1] > 0 else (window[0] or '9999-12-31')) -}}
{%- endmacro %}

{#- The cost files (sources with meta incremental_role 'cost') loaded since the last recorded build. -#}
{% macro new_cost_files_sql() -%}
    select period_start from raw._ingest_files as files
    where raw_table in ({{ raw_tables_of_role('cost') | join(', ') or "''" }})
        and not exists (
            select 1 from {{ state_schema() }}.files_seen as seen where seen.file_sha256 = files.file_sha256
        )
{%- endmacro %}

{#-
    One row per outcome in scope with a hash of everything allocation reads of it, and the earliest day its
    allocation touches: its first in-flight day, or the first charge day of a line naming it (direct).
-#}
{% macro outcomes_fingerprint_sql(outcomes, direct, lines) -%}
    select
        outcomes.outcome_id,
        md5(cast(row(
            outcomes.outcome_id, outcomes.person_id, outcomes.team_id, outcomes.ref_keys, outcomes.outcome_type,
            outcomes.weight, outcomes.is_cost_known, outcomes.started_date, outcomes.occurred_date,
            outcomes.is_durable
        ) as varchar)) as outcome_hash,
        least(min(outcomes.started_date), min(lines.charge_date)) as earliest_affected_date
    from {{ outcomes }} as outcomes
    left join {{ direct }} as direct
        on outcomes.outcome_id = direct.outcome_id
    left join {{ lines }} as lines
        on direct.cost_line_id = lines.cost_line_id
    group by all
{%- endmacro %}

{#- The rows of a window starting at `start`: a row without a date is always in it, so it is always rebuilt. -#}
{% macro window_condition(column, start) -%}
    ({{ column }} >= cast('{{ start }}' as date) or {{ column }} is null)
{%- endmacro %}

{#- A boolean SQL condition: the row's `column` falls in this run's window (always true on a full build). -#}
{% macro in_incremental_window(column, kind) -%}
    {%- if this is not none and is_incremental() -%}  {#- unit tests have no relation: never incremental #}
        {{ window_condition(column, incremental_window_start(kind)) }}
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- A full rebuild when the window says everything may have moved, as with --full-refresh. -#}
{% macro should_full_refresh() -%}
    {%- set configured = config.get('full_refresh') -%}
    {%- if configured is none -%}{%- set configured = flags.FULL_REFRESH -%}{%- endif -%}
    {%- if not configured and config.get('incremental_window') -%}
        {%- set configured = incremental_window_start(config.get('incremental_window')) is none -%}
    {%- endif -%}
    {{- return(configured) -}}
{%- endmacro %}

{#- incremental_strategy 'window_replace': delete the window, insert what the model computed for it. -#}
{% macro get_incremental_window_replace_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set columns = arg_dict['dest_columns'] | map(attribute='quoted') | join(', ') -%}
    {%- set column = config.require('window_column') %}
    delete from {{ target }}
    where {{ window_condition(column, incremental_window_start(config.require('incremental_window'))) }};
    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ arg_dict['temp_relation'] }}
{%- endmacro %}

{#-
    on-run-end: remember what this build has seen, only when every incremental model was built in it (a failed or
    partial run keeps the old state, so the next run's window covers what this one missed).
-#}
{% macro record_incremental_state(results) -%}
    {%- if execute and target.type == 'duckdb' -%}
        {%- set incremental_models = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model')
            | selectattr('config.materialized', 'equalto', 'incremental') | map(attribute='unique_id') | list -%}
        {%- set built = results | selectattr('status', 'equalto', 'success') | map(attribute='node.unique_id')
            | list -%}
        {%- if incremental_models and incremental_models | reject('in', built) | list | length == 0 -%}
            {%- set fingerprint = incremental_fingerprint() -%}
            {%- call statement('record_incremental_state') -%}
                delete from {{ state_schema() }}.build_state;
                insert into {{ state_schema() }}.build_state values ('{{ fingerprint }}', cast('{{ var('as_of') }}' as date));
                delete from {{ state_schema() }}.files_seen;
                insert into {{ state_schema() }}.files_seen select file_sha256 from raw._ingest_files;
                delete from {{ state_schema() }}.outcomes_seen;
                insert into {{ state_schema() }}.outcomes_seen {{ outcomes_fingerprint_sql(
                    model_relation('int_allocation__outcomes_in_scope'), model_relation('int_allocation__direct'),
                    model_relation('int_allocation__cost_lines_in_scope')) }};
                commit;  {#- one transaction: the whole state or the old one -#}
            {%- endcall -%}
        {%- endif -%}
    {%- endif -%}
    select 1
{%- endmacro %}
