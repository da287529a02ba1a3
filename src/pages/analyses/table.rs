//! The list as a table, every value as text; an item that is not the API's shape is left out and
//! counted, never shown half-read.

use cognito_auth::inspector::timefmt::format_utc;
use cognito_auth::time::UnixTime;
use leptos::prelude::*;
use serde_json::Value;

/// The most rows shown (the API answers at most 200).
const MAX_ROWS: usize = 200;

/// One analysis, read strictly from the API's JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The id.
    pub id: String,
    /// The name.
    pub name: String,
    /// The status.
    pub status: String,
    /// Who created it.
    pub created_by: String,
    /// When, in UTC.
    pub created_at: String,
}

/// Reads one `{"id","name","status","createdBy","createdAt"}` object.
pub fn row(item: &Value) -> Option<Row> {
    let text = |k: &str| item.get(k).and_then(Value::as_str).map(str::to_owned);
    Some(Row {
        id: text("id")?,
        name: text("name")?,
        status: text("status")?,
        created_by: text("createdBy")?,
        created_at: format_utc(UnixTime(item.get("createdAt")?.as_i64()?)),
    })
}

/// The table for `GET /analyses`' answer.
pub fn analyses_table(answer: &Value) -> impl IntoView {
    let items = answer
        .get("analyses")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let rows: Vec<Row> = items.iter().take(MAX_ROWS).filter_map(row).collect();
    let skipped = items.len().min(MAX_ROWS) - rows.len();
    if rows.is_empty() && skipped == 0 {
        return view! { <p data-testid="analyses-empty">"Your organisation has no analyses yet."</p> }.into_any();
    }
    view! {
        <table class="claims" data-testid="analyses-table">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Created by"</th>
                    <th scope="col">"Created (UTC)"</th>
                    <th scope="col">"Id"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|r| {
                    let data_id = r.id.clone();
                    view! {
                    <tr data-id=data_id>
                        <td class="analysis-name">{r.name}</td>
                        <td>{r.status}</td>
                        <td>{r.created_by}</td>
                        <td>{r.created_at}</td>
                        <td><code>{r.id}</code></td>
                    </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {(skipped > 0).then(|| view! {
            <p class="hint">{format!("{skipped} item(s) in an unexpected shape were left out.")}</p>
        })}
        // The API lists the newest 200 and says when the organisation has older ones.
        {(answer.get("more") == Some(&Value::Bool(true))).then(|| view! {
            <p class="hint" data-testid="analyses-more">"Showing your organisation's newest 200 analyses; older ones are not listed here."</p>
        })}
    }
    .into_any()
}
