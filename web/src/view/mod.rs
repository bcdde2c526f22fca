//! The components. Each takes what it shows as props, derived from [`crate::state::State`],
//! and sends [`crate::state::Action`]s back through callbacks.

pub mod app;
pub mod banner;
pub mod build;
pub mod editor;
pub mod gallery;
pub mod import;
pub mod managed;
pub mod policy;
pub mod requests;
pub mod tour;
pub mod trace;
pub mod world;

use std::rc::Rc;

/// A shared value that props compare by identity: the engine's outcomes are rebuilt on
/// every run, so a new one means a change.
#[derive(Debug)]
pub struct Same<T>(pub Rc<T>);

impl<T> Clone for Same<T> {
    fn clone(&self) -> Self {
        Same(self.0.clone())
    }
}

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Same<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The engine's sentences quote names and patterns in backticks: show those as code.
/// Text only, never markup.
pub fn rich(text: &str) -> yew::Html {
    use yew::html;
    let parts: Vec<&str> = text.split('`').collect();
    // An odd number of backticks leaves the last one as written.
    let closed = parts.len() % 2 == 1;
    html! {
        <>
            { for parts.iter().enumerate().map(|(i, p)| {
                if i % 2 == 1 && (closed || i + 1 < parts.len()) {
                    html! { <code>{ *p }</code> }
                } else if i % 2 == 1 {
                    html! { { format!("`{p}") } }
                } else {
                    html! { { *p } }
                }
            }) }
        </>
    }
}
