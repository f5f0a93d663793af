{#-
    Jira issues whose status is in the done category but that carry no resolution are not outcomes (Jira counts
    an issue as resolved by its resolution): usually a workflow that never sets one. A warning, so the site's
    admin can fix the workflow; the issues stay out of fct_outcomes until then.
-#}
{{ config(
    severity = 'warn',
    meta = {'explain': "{failures} Done Jira issues have no resolution: Jira counts an issue as resolved by its"
        ~ " resolution, so they are not outcomes until the workflow sets one"}
) }}

select
    issue_id,
    issue_key,
    status_name
from {{ ref('stg_jira__issues') }}
where status_category = 'done'
    and resolved_at is null
