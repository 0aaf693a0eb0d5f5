//! Bearer tokens: `Authorization: Bearer gf_…` (or the dashboard's cookie), checked against
//! their stored SHA-256. No token or an unknown one: `401`; a token without the scope: `403`.

use axum::http::{header, HeaderMap, StatusCode};

use super::{blocking, ApiError, Shared};
use crate::db::TokenInfo;
use crate::token::Scope;

/// The name of the dashboard's cookie.
pub(crate) const COOKIE: &str = "gardefou_token";

/// The token of a request, from its `Authorization` header or the dashboard cookie.
fn presented(headers: &HeaderMap) -> Option<String> {
    if let Some(v) = headers.get(header::AUTHORIZATION) {
        let v = v.to_str().ok()?;
        let (kind, token) = v.trim().split_once(' ')?;
        return kind
            .eq_ignore_ascii_case("bearer")
            .then(|| token.trim().to_string());
    }
    let cookies = headers.get(header::COOKIE)?.to_str().ok()?;
    cookies.split(';').find_map(|c| {
        let (k, v) = c.trim().split_once('=')?;
        (k == COOKIE).then(|| v.to_string())
    })
}

/// The token of the request if it has `scope`.
pub(crate) async fn require(
    state: &Shared,
    headers: &HeaderMap,
    scope: Scope,
) -> Result<TokenInfo, ApiError> {
    require_any(state, headers, &[scope]).await
}

/// The token of the request if it has one of `scopes`.
pub(crate) async fn require_any(
    state: &Shared,
    headers: &HeaderMap,
    scopes: &[Scope],
) -> Result<TokenInfo, ApiError> {
    let names: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
    let wanted = names.join(" or ");
    let unauthorized = |why: &str| {
        ApiError::new(StatusCode::UNAUTHORIZED, why.to_string())
            .describe(format!(
                "send `Authorization: Bearer TOKEN` with a token that has the scope {wanted} (make one with `gardefou token create`)"
            ))
            .header(header::WWW_AUTHENTICATE, "Bearer realm=\"gardefou\"")
    };
    let Some(token) = presented(headers) else {
        return Err(unauthorized("no bearer token"));
    };
    // A well-formed token is `gf_` and 64 hex digits; anything else is not looked up.
    if token.len() != 67
        || !token.starts_with("gf_")
        || !token[3..].bytes().all(|b| b.is_ascii_hexdigit())
    {
        return Err(unauthorized("malformed bearer token"));
    }
    let db = state.db.clone();
    let found = blocking(move || Ok(db.verify_token(&token)?)).await?;
    let Some(info) = found else {
        return Err(unauthorized("unknown or revoked bearer token"));
    };
    if !scopes.iter().any(|s| s.allowed_by(&info.scopes)) {
        let db = state.db.clone();
        let (name, what) = (info.name.clone(), wanted.clone());
        let _ = blocking(move || Ok(db.audit(&name, "denied", &what, "403")?)).await;
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            format!("the token `{}` lacks the scope {wanted}", info.name),
        )
        .header(
            header::WWW_AUTHENTICATE,
            format!(
                "Bearer realm=\"gardefou\", error=\"insufficient_scope\", scope=\"{}\"",
                names.join(" ")
            ),
        ));
    }
    Ok(info)
}
