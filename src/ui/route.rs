//! The page's routes and their URLs.
//!
//! Routes live in the URL's fragment (`index.html#/w/<id>/sources`). That choice
//! is what lets one `dist/` work from any static host and any sub-path with no
//! rewrite rules: the server only ever serves `index.html`, a reload on any route
//! works, and every view still has a stable, shareable, bookmarkable URL.
//!
//! Pure and DOM-free, so it is tested natively.

/// Where the page is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `#/`: goes on to the last workspace, or to the workspace list.
    Home,
    /// `#/workspaces`: create, rename, switch, delete, back up and restore.
    Workspaces,
    /// `#/w/<id>/sources`: a workspace's datasets.
    Sources { workspace_id: String },
    /// `#/w/<id>/sources/<dataset>`: one dataset: how it read, its mapping, its rows.
    Dataset {
        workspace_id: String,
        dataset_id: String,
    },
    /// `#/w/<id>/matching`: accounts matched to companies, and the review queue.
    Matching { workspace_id: String },
    /// `#/w/<id>/personas`: the kinds of people counted at each account.
    Personas { workspace_id: String },
    /// `#/w/<id>/accounts`: the account report, whitespace and their downloads.
    Accounts { workspace_id: String },
    /// `#/w/<id>/lens`: the grid of Size of Prize × Temperature, and alerts.
    Lens { workspace_id: String },
    /// `#/w/<id>/usage`: the sales team's usage reports.
    Usage { workspace_id: String },
    /// Anything else: shown as "page not found" with a way back.
    NotFound { fragment: String },
}

impl Route {
    /// Reads a route from `location.hash` (with or without its `#`).
    pub fn parse(hash: &str) -> Route {
        let path = hash
            .trim_start_matches('#')
            .trim_start_matches('/')
            .trim_end_matches('/');
        let parts: Vec<&str> = if path.is_empty() {
            Vec::new()
        } else {
            path.split('/').collect()
        };
        match parts.as_slice() {
            [] => Route::Home,
            ["workspaces"] => Route::Workspaces,
            ["w", id] | ["w", id, "sources"] if !id.is_empty() => Route::Sources {
                workspace_id: decode(id),
            },
            ["w", id, "matching"] if !id.is_empty() => Route::Matching {
                workspace_id: decode(id),
            },
            ["w", id, "personas"] if !id.is_empty() => Route::Personas {
                workspace_id: decode(id),
            },
            ["w", id, "accounts"] if !id.is_empty() => Route::Accounts {
                workspace_id: decode(id),
            },
            ["w", id, "lens"] if !id.is_empty() => Route::Lens {
                workspace_id: decode(id),
            },
            ["w", id, "usage"] if !id.is_empty() => Route::Usage {
                workspace_id: decode(id),
            },
            ["w", id, "sources", dataset] if !id.is_empty() && !dataset.is_empty() => {
                Route::Dataset {
                    workspace_id: decode(id),
                    dataset_id: decode(dataset),
                }
            }
            _ => Route::NotFound {
                fragment: hash.to_string(),
            },
        }
    }

    /// The link to this route, relative to the page (`#/…`).
    pub fn href(&self) -> String {
        match self {
            Route::Home => "#/".to_string(),
            Route::Workspaces => "#/workspaces".to_string(),
            Route::Sources { workspace_id } => format!("#/w/{}/sources", encode(workspace_id)),
            Route::Matching { workspace_id } => format!("#/w/{}/matching", encode(workspace_id)),
            Route::Personas { workspace_id } => format!("#/w/{}/personas", encode(workspace_id)),
            Route::Accounts { workspace_id } => format!("#/w/{}/accounts", encode(workspace_id)),
            Route::Lens { workspace_id } => format!("#/w/{}/lens", encode(workspace_id)),
            Route::Usage { workspace_id } => format!("#/w/{}/usage", encode(workspace_id)),
            Route::Dataset {
                workspace_id,
                dataset_id,
            } => {
                format!(
                    "#/w/{}/sources/{}",
                    encode(workspace_id),
                    encode(dataset_id)
                )
            }
            Route::NotFound { fragment } => fragment.clone(),
        }
    }

    /// The workspace this route is about, if any.
    pub fn workspace_id(&self) -> Option<&str> {
        match self {
            Route::Sources { workspace_id }
            | Route::Matching { workspace_id }
            | Route::Personas { workspace_id }
            | Route::Accounts { workspace_id }
            | Route::Lens { workspace_id }
            | Route::Usage { workspace_id }
            | Route::Dataset { workspace_id, .. } => Some(workspace_id),
            _ => None,
        }
    }
}

/// Percent-encodes what could break a path segment. Workspace ids are generated
/// and plain, but a hand-edited URL must still round-trip.
fn encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

fn decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let escaped = (bytes[index] == b'%')
            .then(|| segment.get(index + 1..index + 3))
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                index += 3;
            }
            None => {
                out.push(bytes[index]);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_route() {
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("#"), Route::Home);
        assert_eq!(Route::parse("#/"), Route::Home);
        assert_eq!(Route::parse("#/workspaces"), Route::Workspaces);
        assert_eq!(Route::parse("#/workspaces/"), Route::Workspaces);
        let sources = Route::Sources {
            workspace_id: "ws-1".to_string(),
        };
        assert_eq!(Route::parse("#/w/ws-1/sources"), sources);
        assert_eq!(Route::parse("#/w/ws-1"), sources);
        assert_eq!(
            Route::parse("#/w//sources"),
            Route::NotFound {
                fragment: "#/w//sources".to_string()
            }
        );
        assert!(matches!(Route::parse("#/nowhere"), Route::NotFound { .. }));
        assert_eq!(
            Route::parse("#/w/ws-1/sources/ds-2"),
            Route::Dataset {
                workspace_id: "ws-1".to_string(),
                dataset_id: "ds-2".to_string()
            }
        );
        assert_eq!(
            Route::parse("#/w/ws-1/sources/ds-2").workspace_id(),
            Some("ws-1")
        );
        assert_eq!(
            Route::parse("#/w/ws-1/matching"),
            Route::Matching {
                workspace_id: "ws-1".to_string()
            }
        );
        assert_eq!(
            Route::parse("#/w/ws-1/matching").workspace_id(),
            Some("ws-1")
        );
    }

    #[test]
    fn hrefs_round_trip() {
        for route in [
            Route::Home,
            Route::Workspaces,
            Route::Sources {
                workspace_id: "ws-1".to_string(),
            },
            Route::Sources {
                workspace_id: "a b/c%ü".to_string(),
            },
            Route::Dataset {
                workspace_id: "ws-1".to_string(),
                dataset_id: "ds-2".to_string(),
            },
            Route::Matching {
                workspace_id: "ws-1".to_string(),
            },
            Route::Personas {
                workspace_id: "ws-1".to_string(),
            },
            Route::Accounts {
                workspace_id: "ws-1".to_string(),
            },
            Route::Lens {
                workspace_id: "ws-1".to_string(),
            },
            Route::Usage {
                workspace_id: "ws-1".to_string(),
            },
        ] {
            assert_eq!(Route::parse(&route.href()), route, "{}", route.href());
        }
        assert_eq!(Route::parse("#/w/%zz/sources").workspace_id(), Some("%zz"));
    }
}
