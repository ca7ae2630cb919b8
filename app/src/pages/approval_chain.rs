//! Who stamps the 申报表, as the applicant reads it before submitting (check your answers) and
//! after (the status page): the stamps in order, the center routing an unlisted unit, or why no
//! chain can be formed yet.

use leptos::prelude::*;

use crate::page_data::ChainView;
use crate::site::{fill, Lang};
use content::td_string;

#[component]
pub fn ChainPanel(chain: ChainView, lang: Lang) -> impl IntoView {
    if let Some(name) = chain.to_route {
        return view! {
            <div class="notice-box" role="status" data-testid="approval-chain-to-route">
                <p>
                    <strong>{td_string!(lang, chain.to_route)}</strong>
                </p>
                <p>{fill(td_string!(lang, chain.to_route_detail), &[("unit", &name)])}</p>
            </div>
        }
        .into_any();
    }
    if !chain.problems.is_empty() {
        return view! {
            <div class="notice-box" role="alert" data-testid="approval-chain-problems">
                <p>
                    <strong>{td_string!(lang, chain.cannot_be_formed)}</strong>
                </p>
                <ul>
                    {chain
                        .problems
                        .into_iter()
                        .map(|(zh, en)| view! { <li>{lang.words(&zh, &en)}</li> })
                        .collect_view()}
                </ul>
            </div>
        }
        .into_any();
    }
    view! {
        <section data-testid="approval-chain">
            <h2>{td_string!(lang, chain.title)}</h2>
            <ol class="approval-chain">
                {chain
                    .stamps
                    .into_iter()
                    .map(|(role, name)| {
                        view! {
                            <li>
                                <span class="hint">{lang.label(role)}</span>
                                " "
                                {name}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <p class="hint">{td_string!(lang, chain.lead)}</p>
        </section>
    }
    .into_any()
}
