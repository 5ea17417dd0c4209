//! An HTTP/1.1 server on 127.0.0.1 that replays recorded provider responses.
//!
//! A recordings folder holds `routes.json` and the response bodies:
//!
//! ```json
//! [
//!   {"method": "GET", "path": "/management.azure.com/subscriptions",
//!    "query": {"api-version": "2022-12-01"}, "status": 200, "body": "subscriptions.json"},
//!   {"method": "GET", "path": "/management.azure.com/subscriptions/S/providers/Microsoft.Web/sites",
//!    "status": 429, "headers": {"Retry-After": "1"}, "times": 1}
//! ]
//! ```
//!
//! A request matches the first route with its method and path whose `query`
//! pairs all appear in the request and whose `times` (if any) is not used
//! up. Bodies may contain `{{base}}`, replaced by the server's own URL. An
//! unmatched request gets a 404 with a JSON error naming it. Every request
//! is logged (method, path, query, whether an `Authorization` header was
//! present — never its value).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Route {
    method: String,
    path: String,
    #[serde(default)]
    query: BTreeMap<String, String>,
    #[serde(default = "ok")]
    status: u16,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    times: Option<u32>,
    /// Free text: what the recording shows and where its shape comes from.
    #[serde(default, rename = "comment")]
    _comment: Option<String>,
}

fn ok() -> u16 {
    200
}

/// One request the server saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    pub query: String,
    pub authorized: bool,
    /// The status it was answered with (404 for no recording).
    pub status: u16,
    pub matched: bool,
}

struct State {
    dir: PathBuf,
    routes: Vec<Route>,
    used: Vec<u32>,
    log: Vec<RecordedRequest>,
    base: String,
}

/// A running fixture server; stops accepting when dropped.
pub struct FixtureServer {
    port: u16,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
}

impl FixtureServer {
    /// Serves the recordings in `dir` (which must hold `routes.json`).
    pub fn start(dir: impl AsRef<Path>) -> FixtureServer {
        let dir = dir.as_ref().to_path_buf();
        let routes_file = dir.join("routes.json");
        let text = std::fs::read_to_string(&routes_file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", routes_file.display()));
        let routes: Vec<Route> = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not a routes list: {e}", routes_file.display()));
        for r in &routes {
            if let Some(b) = &r.body {
                assert!(dir.join(b).is_file(), "{}: body file {b} does not exist", routes_file.display());
            }
        }
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("local addr").port();
        let used = vec![0; routes.len()];
        let state = Arc::new(Mutex::new(State {
            dir,
            routes,
            used,
            log: Vec::new(),
            base: format!("http://127.0.0.1:{port}"),
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let (s, st) = (state.clone(), stop.clone());
        thread::spawn(move || {
            for conn in listener.incoming() {
                if st.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let s = s.clone();
                thread::spawn(move || serve_connection(conn, &s));
            }
        });
        FixtureServer { port, state, stop }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).log.clone()
    }
}

impl Drop for FixtureServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve_connection(conn: TcpStream, state: &Mutex<State>) {
    let mut reader = BufReader::new(match conn.try_clone() {
        Ok(c) => c,
        Err(_) => return,
    });
    let mut writer = conn;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = request_line.split_whitespace();
        let (Some(method), Some(target)) = (parts.next(), parts.next()) else { return };
        let (method, target) = (method.to_string(), target.to_string());
        let mut content_length = 0usize;
        let mut authorized = false;
        let mut close = false;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                let k = k.trim().to_ascii_lowercase();
                match k.as_str() {
                    "content-length" => content_length = v.trim().parse().unwrap_or(0),
                    "authorization" => authorized = !v.trim().is_empty(),
                    "connection" => close = v.trim().eq_ignore_ascii_case("close"),
                    _ => {}
                }
            }
        }
        let mut body = vec![0u8; content_length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let (status, headers, payload) = respond(state, &method, &target, authorized);
        let mut out = format!("HTTP/1.1 {status} {}\r\ncontent-length: {}\r\n", reason(status), payload.len());
        if !headers.keys().any(|k| k.eq_ignore_ascii_case("content-type")) {
            out.push_str("content-type: application/json\r\n");
        }
        for (k, v) in &headers {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str("\r\n");
        if writer.write_all(out.as_bytes()).and_then(|_| writer.write_all(&payload)).is_err() || close {
            return;
        }
    }
}

fn respond(
    state: &Mutex<State>,
    method: &str,
    target: &str,
    authorized: bool,
) -> (u16, BTreeMap<String, String>, Vec<u8>) {
    let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    let found = s.routes.iter().enumerate().position(|(i, r)| {
        r.method.eq_ignore_ascii_case(method)
            && r.path == decode(path)
            && r.query.iter().all(|(k, v)| pairs.iter().any(|(pk, pv)| pk == k && pv == v))
            && r.times.is_none_or(|t| s.used[i] < t)
    });
    let (status, headers, payload) = match found {
        Some(i) => {
            s.used[i] += 1;
            let r = &s.routes[i];
            let payload = match &r.body {
                Some(b) => std::fs::read_to_string(s.dir.join(b)).unwrap_or_default().replace("{{base}}", &s.base),
                None => String::new(),
            };
            (r.status, r.headers.clone(), payload.into_bytes())
        }
        None => {
            let msg = serde_json::json!({"error": {"code": "NoRecording", "message": format!("no recording for {method} {path}?{query}")}});
            (404, BTreeMap::new(), msg.to_string().into_bytes())
        }
    };
    s.log.push(RecordedRequest {
        method: method.to_string(),
        path: decode(path),
        query: query.to_string(),
        authorized,
        status,
        matched: found.is_some(),
    });
    (status, headers, payload)
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                if let Some(b) =
                    std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    out.push(b);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(url: &str) -> (u16, String) {
        let addr = url.trim_start_matches("http://");
        let (host, path) = addr.split_once('/').map(|(h, p)| (h, format!("/{p}"))).unwrap_or((addr, "/".into()));
        let mut s = TcpStream::connect(host).unwrap();
        write!(s, "GET {path} HTTP/1.1\r\nhost: {host}\r\nconnection: close\r\n\r\n").unwrap();
        let mut text = String::new();
        s.read_to_string(&mut text).unwrap();
        let status = text[9..12].parse().unwrap();
        (status, text.split_once("\r\n\r\n").unwrap().1.to_string())
    }

    #[test]
    fn routes_match_on_path_query_and_times() {
        let dir = std::env::temp_dir().join(format!("splitline-fixture-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("page.json"), r#"{"next": "{{base}}/x?page=2"}"#).unwrap();
        std::fs::write(
            dir.join("routes.json"),
            r#"[{"method": "GET", "path": "/x", "status": 429, "headers": {"Retry-After": "1"}, "times": 1},
                {"method": "GET", "path": "/x", "query": {"page": "2"}, "body": "page.json", "comment": "page two"},
                {"method": "GET", "path": "/x", "body": "page.json"}]"#,
        )
        .unwrap();
        let server = FixtureServer::start(&dir);
        assert_eq!(get(&format!("{}/x", server.url())).0, 429);
        let (status, body) = get(&format!("{}/x", server.url()));
        assert_eq!(status, 200);
        assert_eq!(body, format!(r#"{{"next": "{}/x?page=2"}}"#, server.url()));
        assert_eq!(get(&format!("{}/x?page=2&y=1", server.url())).0, 200);
        assert_eq!(get(&format!("{}/nothing%20here", server.url())).0, 404);
        let log = server.requests();
        assert_eq!(log.len(), 4);
        assert_eq!(log[3].path, "/nothing here");
        assert!(!log[3].matched && log[2].matched);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
