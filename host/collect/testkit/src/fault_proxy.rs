//! A fault-injecting HTTP/1.1 reverse proxy on 127.0.0.1, put by the tests
//! in front of a provider's local test endpoint (moto, Azurite,
//! gcp-storage-emulator, or a [`crate::FixtureServer`]).
//!
//! Every request is forwarded to the upstream unless a [`Rule`] matches it;
//! a matching rule answers with its [`Fault`] instead (or mangles the
//! upstream's answer), at most `times` times. Rules match on method, path,
//! query or form parameters (`Action=ListUsers` of the AWS query protocol is
//! in the POST body), and headers (`X-Amz-Target` of the AWS JSON protocol).
//! Every request is logged with the operation it names, the rule that hit it
//! and when, so tests can count attempts per operation and measure the
//! back-off between them.
//!
//! ```no_run
//! # use splitline_collect_testkit::{FaultProxy, Rule, Fault};
//! let proxy = FaultProxy::start("http://127.0.0.1:5000");
//! proxy.set_rules(vec![
//!     Rule::new("kms-throttled", Fault::aws_json_error(400, "ThrottlingException", "Rate exceeded"))
//!         .header("x-amz-target", "TrentService.ListKeys"),
//!     Rule::new("iam-denied", Fault::aws_query_error(403, "AccessDenied", "not authorized"))
//!         .param("Action", "ListUsers")
//!         .times(1),
//! ]);
//! // … point the client at proxy.url(), run it, then:
//! assert_eq!(proxy.hits("kms-throttled").len(), 4);
//! ```
//!
//! The upstream connection is opened per request with `Connection: close`;
//! the client side keeps its connection alive, and every answer to it is
//! re-framed with a `content-length` (chunked upstream bodies are decoded).

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// What a matching rule does to a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answer without asking the upstream.
    Respond { status: u16, headers: Vec<(String, String)>, body: Vec<u8> },
    /// Read the request and never answer (until the client gives up).
    Stall,
    /// Send the upstream's status, headers and the first half of its body,
    /// then nothing more (a stalled body).
    StallBody,
    /// The upstream's answer with its body cut in half, framed consistently
    /// (`content-length` is the cut length): a truncated document.
    Truncate,
    /// The upstream's head announcing the full length, half of the body,
    /// then the connection is closed (a body cut off in transit).
    CutConnection,
    /// The upstream's status and headers with this body instead (malformed).
    ReplaceBody(Vec<u8>),
}

impl Fault {
    /// A synthetic answer with a body and content type.
    pub fn respond(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Fault {
        Fault::Respond { status, headers: vec![("content-type".into(), content_type.into())], body: body.into() }
    }

    /// Adds a header to a [`Fault::Respond`] (e.g. `Retry-After`).
    pub fn with_header(mut self, name: &str, value: &str) -> Fault {
        if let Fault::Respond { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }

    /// An AWS JSON-protocol error (KMS, CloudTrail, SSM, Config, …): `__type` names the code.
    pub fn aws_json_error(status: u16, code: &str, message: &str) -> Fault {
        let body = format!(r#"{{"__type":"{code}","message":"{message}"}}"#);
        Fault::respond(status, "application/x-amz-json-1.1", body)
    }

    /// An AWS REST-JSON error (Lambda, GuardDuty, API Gateway): the code in `x-amzn-errortype`.
    pub fn aws_rest_json_error(status: u16, code: &str, message: &str) -> Fault {
        let body = format!(r#"{{"message":"{message}","Message":"{message}"}}"#);
        Fault::respond(status, "application/json", body).with_header("x-amzn-errortype", code)
    }

    /// An AWS query-protocol error (IAM, STS, RDS, Elastic Beanstalk).
    pub fn aws_query_error(status: u16, code: &str, message: &str) -> Fault {
        let body = format!(
            "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>\
             <RequestId>fault-proxy</RequestId></ErrorResponse>"
        );
        Fault::respond(status, "text/xml", body)
    }

    /// An EC2 error (EC2's own XML shape).
    pub fn aws_ec2_error(status: u16, code: &str, message: &str) -> Fault {
        let body = format!(
            "<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors>\
             <RequestID>fault-proxy</RequestID></Response>"
        );
        Fault::respond(status, "text/xml", body)
    }

    /// An S3 error (`SlowDown`, `AccessDenied`, …).
    pub fn s3_error(status: u16, code: &str, message: &str) -> Fault {
        let body = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message>\
             <RequestId>fault-proxy</RequestId></Error>"
        );
        Fault::respond(status, "application/xml", body)
    }

    /// A JSON error in Google's and Azure's shape: `{"error": {"code", "message", "status"}}`.
    pub fn json_error(status: u16, code: &str, message: &str) -> Fault {
        let body = serde_json::json!({"error": {"code": code, "message": message, "status": code}}).to_string();
        Fault::respond(status, "application/json", body)
    }
}

/// One fault and the requests it applies to.
#[derive(Clone, Debug)]
pub struct Rule {
    pub name: String,
    pub fault: Fault,
    /// At most this many requests get the fault (then they pass through).
    pub times: Option<u32>,
    /// Only every n-th matching request gets the fault (the others pass).
    pub every: Option<u32>,
    /// Matching requests seen so far (for `every`).
    seen: u32,
    method: Option<String>,
    path: Option<String>,
    path_prefix: Option<String>,
    path_contains: Vec<String>,
    params: Vec<(String, Option<String>)>,
    headers: Vec<(String, String)>,
}

impl Rule {
    /// A rule matching every request until narrowed by the builder methods.
    pub fn new(name: &str, fault: Fault) -> Rule {
        Rule {
            name: name.into(),
            fault,
            times: None,
            every: None,
            seen: 0,
            method: None,
            path: None,
            path_prefix: None,
            path_contains: Vec::new(),
            params: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// Only this HTTP method.
    pub fn method(mut self, m: &str) -> Rule {
        self.method = Some(m.to_ascii_uppercase());
        self
    }

    /// The (percent-decoded) path is exactly `p`.
    pub fn path(mut self, p: &str) -> Rule {
        self.path = Some(p.into());
        self
    }

    /// The (percent-decoded) path starts with `p`.
    pub fn path_prefix(mut self, p: &str) -> Rule {
        self.path_prefix = Some(p.into());
        self
    }

    /// The (percent-decoded) path contains `p` (repeatable: all must appear).
    pub fn path_contains(mut self, p: &str) -> Rule {
        self.path_contains.push(p.into());
        self
    }

    /// A query or form-body parameter `k=v` (`Action=ListUsers`).
    pub fn param(mut self, k: &str, v: &str) -> Rule {
        self.params.push((k.into(), Some(v.into())));
        self
    }

    /// A query or form-body parameter `k`, whatever its value (S3 `?policy`).
    pub fn param_present(mut self, k: &str) -> Rule {
        self.params.push((k.into(), None));
        self
    }

    /// A header (name case-insensitive) whose value contains `v`.
    pub fn header(mut self, name: &str, v: &str) -> Rule {
        self.headers.push((name.to_ascii_lowercase(), v.into()));
        self
    }

    /// Apply the fault to the first `n` matching requests only.
    pub fn times(mut self, n: u32) -> Rule {
        self.times = Some(n);
        self
    }

    /// Apply the fault to every `n`-th matching request only (sustained,
    /// partial pressure: a service throttling one call in `n`).
    pub fn every(mut self, n: u32) -> Rule {
        self.every = Some(n.max(1));
        self
    }

    fn matches(&self, req: &Incoming) -> bool {
        self.method.as_ref().is_none_or(|m| *m == req.method)
            && self.path.as_ref().is_none_or(|p| req.path == *p)
            && self.path_prefix.as_ref().is_none_or(|p| req.path.starts_with(p.as_str()))
            && self.path_contains.iter().all(|p| req.path.contains(p.as_str()))
            && self
                .params
                .iter()
                .all(|(k, v)| req.params.iter().any(|(pk, pv)| pk == k && v.as_ref().is_none_or(|v| v == pv)))
            && self.headers.iter().all(|(k, v)| req.header(k).is_some_and(|h| h.contains(v.as_str())))
    }
}

/// One request the proxy saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxiedRequest {
    /// Since the proxy started (or the log was last cleared).
    pub at: Duration,
    pub method: String,
    /// Percent-decoded.
    pub path: String,
    pub query: String,
    /// The operation the request names: the `X-Amz-Target` operation, else
    /// the `Action` parameter, else `METHOD path`.
    pub operation: String,
    /// The rule that hit it, if any.
    pub rule: Option<String>,
    /// The status the client was sent (`None`: no answer, or the upstream
    /// could not be reached).
    pub status: Option<u16>,
}

struct Incoming {
    method: String,
    target: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    params: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Incoming {
    fn header(&self, lower_name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(lower_name)).map(|(_, v)| v.as_str())
    }

    fn operation(&self) -> String {
        if let Some(t) = self.header("x-amz-target") {
            return t.rsplit('.').next().unwrap_or(t).to_string();
        }
        if let Some((_, a)) = self.params.iter().find(|(k, _)| k == "Action") {
            return a.clone();
        }
        format!("{} {}", self.method, self.path)
    }
}

struct State {
    upstream: String,
    rules: Vec<(Rule, u32)>,
    log: Vec<ProxiedRequest>,
    epoch: Instant,
}

/// A running proxy; stops accepting (and releases stalled clients) when dropped.
pub struct FaultProxy {
    port: u16,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
}

impl FaultProxy {
    /// A proxy to `upstream` (`http://127.0.0.1:PORT`, or `127.0.0.1:PORT`) with no rules yet.
    pub fn start(upstream: &str) -> FaultProxy {
        let upstream = upstream.trim_start_matches("http://").trim_end_matches('/').to_string();
        assert!(
            upstream.starts_with("127.0.0.1:") || upstream.starts_with("localhost:"),
            "the fault proxy only forwards to this machine, not {upstream}"
        );
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("local addr").port();
        let state = Arc::new(Mutex::new(State { upstream, rules: Vec::new(), log: Vec::new(), epoch: Instant::now() }));
        let stop = Arc::new(AtomicBool::new(false));
        let (s, st) = (state.clone(), stop.clone());
        thread::spawn(move || {
            for conn in listener.incoming() {
                if st.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let (s, st) = (s.clone(), st.clone());
                thread::spawn(move || serve_connection(conn, &s, &st));
            }
        });
        FaultProxy { port, state, stop }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Replaces the rules (their `times` counts start afresh).
    pub fn set_rules(&self, rules: Vec<Rule>) {
        self.lock().rules = rules.into_iter().map(|r| (r, 0)).collect();
    }

    /// Every request since the start or the last [`FaultProxy::clear_log`].
    pub fn requests(&self) -> Vec<ProxiedRequest> {
        self.lock().log.clone()
    }

    /// The requests a rule hit, in arrival order.
    pub fn hits(&self, rule: &str) -> Vec<ProxiedRequest> {
        self.lock().log.iter().filter(|r| r.rule.as_deref() == Some(rule)).cloned().collect()
    }

    /// Empties the log and restarts its clock.
    pub fn clear_log(&self) {
        let mut s = self.lock();
        s.log.clear();
        s.epoch = Instant::now();
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn serve_connection(conn: TcpStream, state: &Mutex<State>, stop: &AtomicBool) {
    let mut reader = BufReader::new(match conn.try_clone() {
        Ok(c) => c,
        Err(_) => return,
    });
    let mut client = conn;
    loop {
        let Some(req) = read_request(&mut reader, &mut client) else { return };
        let (rule, fault, upstream, at) = {
            let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
            let (mut rule, mut fault) = (None, None);
            for (r, used) in s.rules.iter_mut() {
                if r.times.is_some_and(|t| *used >= t) || !r.matches(&req) {
                    continue;
                }
                r.seen += 1;
                if r.every.is_some_and(|n| r.seen % n != 0) {
                    continue;
                }
                *used += 1;
                (rule, fault) = (Some(r.name.clone()), Some(r.fault.clone()));
                break;
            }
            (rule, fault, s.upstream.clone(), s.epoch.elapsed())
        };
        let mut entry = ProxiedRequest {
            at,
            method: req.method.clone(),
            path: req.path.clone(),
            query: req.query.clone(),
            operation: req.operation(),
            rule,
            status: None,
        };
        let keep_open = match fault {
            Some(Fault::Respond { status, headers, body }) => {
                entry.status = Some(status);
                log(state, entry);
                let head = head(status, &headers, body.len(), &req.method);
                client.write_all(&head).and_then(|_| client.write_all(&body)).is_ok()
            }
            Some(Fault::Stall) => {
                log(state, entry);
                hold(&client, stop);
                false
            }
            Some(other) => match forward(&upstream, &req) {
                Ok(resp) => {
                    entry.status = Some(resp.status);
                    log(state, entry);
                    let half = resp.body.len() / 2;
                    match other {
                        Fault::StallBody => {
                            let h = head_raw(&resp.status_line, &resp.headers, resp.body.len(), &req.method);
                            let _ = client.write_all(&h).and_then(|_| client.write_all(&resp.body[..half]));
                            let _ = client.flush();
                            hold(&client, stop);
                            false
                        }
                        Fault::Truncate => {
                            let h = head_raw(&resp.status_line, &resp.headers, half, &req.method);
                            client.write_all(&h).and_then(|_| client.write_all(&resp.body[..half])).is_ok()
                        }
                        Fault::CutConnection => {
                            let h = head_raw(&resp.status_line, &resp.headers, resp.body.len(), &req.method);
                            let _ = client.write_all(&h).and_then(|_| client.write_all(&resp.body[..half]));
                            let _ = client.flush();
                            let _ = client.shutdown(std::net::Shutdown::Both);
                            false
                        }
                        Fault::ReplaceBody(body) => {
                            let h = head_raw(&resp.status_line, &resp.headers, body.len(), &req.method);
                            client.write_all(&h).and_then(|_| client.write_all(&body)).is_ok()
                        }
                        Fault::Respond { .. } | Fault::Stall => unreachable!("handled above"),
                    }
                }
                Err(e) => bad_gateway(&mut client, state, entry, &e, &req.method),
            },
            None => match forward(&upstream, &req) {
                Ok(resp) => {
                    entry.status = Some(resp.status);
                    log(state, entry);
                    let h = head_raw(&resp.status_line, &resp.headers, resp.body.len(), &req.method);
                    client.write_all(&h).and_then(|_| client.write_all(&resp.body)).is_ok()
                }
                Err(e) => bad_gateway(&mut client, state, entry, &e, &req.method),
            },
        };
        if !keep_open || req.header("connection").is_some_and(|c| c.eq_ignore_ascii_case("close")) {
            return;
        }
    }
}

fn log(state: &Mutex<State>, entry: ProxiedRequest) {
    state.lock().unwrap_or_else(|p| p.into_inner()).log.push(entry);
}

fn bad_gateway(
    client: &mut TcpStream,
    state: &Mutex<State>,
    mut entry: ProxiedRequest,
    e: &io::Error,
    method: &str,
) -> bool {
    entry.status = Some(502);
    log(state, entry);
    let body = format!("fault proxy: the upstream did not answer: {e}");
    let h = head(502, &[("content-type".into(), "text/plain".into())], body.len(), method);
    client.write_all(&h).and_then(|_| client.write_all(body.as_bytes())).is_ok()
}

/// Keeps a stalled connection open, sending nothing, until the client closes
/// it, the proxy stops, or ten minutes pass.
fn hold(client: &TcpStream, stop: &AtomicBool) {
    let deadline = Instant::now() + Duration::from_secs(600);
    let _ = client.set_read_timeout(Some(Duration::from_millis(100)));
    let mut buf = [0u8; 512];
    let mut c = client;
    while Instant::now() < deadline && !stop.load(Ordering::Relaxed) {
        match c.read(&mut buf) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {}
            Err(_) => return,
        }
    }
}

fn read_request(reader: &mut BufReader<TcpStream>, client: &mut TcpStream) -> Option<Incoming> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next()?.to_ascii_uppercase(), parts.next()?.to_string());
    let headers = read_headers(reader)?;
    let find = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim());
    if find("expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue")) {
        client.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").ok()?;
    }
    let body = if find("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked")) {
        read_chunked(reader).ok()?
    } else {
        let n: usize = find("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
        let mut body = vec![0; n];
        reader.read_exact(&mut body).ok()?;
        body
    };
    let (path, query) = target.split_once('?').unwrap_or((target.as_str(), ""));
    let mut params = parse_pairs(query);
    if find("content-type").is_some_and(|v| v.starts_with("application/x-www-form-urlencoded")) {
        params.extend(parse_pairs(&String::from_utf8_lossy(&body)));
    }
    Some(Incoming {
        method,
        path: decode(path),
        query: query.to_string(),
        target: target.clone(),
        headers,
        params,
        body,
    })
}

fn read_headers(reader: &mut impl BufRead) -> Option<Vec<(String, String)>> {
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            return Some(headers);
        }
        if let Some((k, v)) = line.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
}

fn read_chunked(reader: &mut impl BufRead) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut size = String::new();
        reader.read_line(&mut size)?;
        let size = usize::from_str_radix(size.trim().split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "bad chunk size"))?;
        if size == 0 {
            // Trailers, up to the empty line.
            loop {
                let mut t = String::new();
                if reader.read_line(&mut t)? == 0 || t.trim().is_empty() {
                    return Ok(body);
                }
            }
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        let mut crlf = String::new();
        reader.read_line(&mut crlf)?;
    }
}

struct Upstream {
    status_line: String,
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Sends the request to the upstream on a new connection and reads the whole answer.
fn forward(upstream: &str, req: &Incoming) -> io::Result<Upstream> {
    let mut conn = TcpStream::connect(upstream)?;
    conn.set_read_timeout(Some(Duration::from_secs(120)))?;
    let mut out = format!("{} {} HTTP/1.1\r\n", req.method, req.target);
    for (k, v) in &req.headers {
        let lower = k.to_ascii_lowercase();
        if !matches!(
            lower.as_str(),
            "connection" | "content-length" | "transfer-encoding" | "expect" | "keep-alive" | "proxy-connection"
        ) {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    if !req.body.is_empty() || !matches!(req.method.as_str(), "GET" | "HEAD" | "DELETE" | "OPTIONS") {
        out.push_str(&format!("content-length: {}\r\n", req.body.len()));
    }
    out.push_str("connection: close\r\n\r\n");
    conn.write_all(out.as_bytes())?;
    conn.write_all(&req.body)?;
    conn.flush()?;
    let mut reader = BufReader::new(conn);
    loop {
        let mut status_line = String::new();
        if reader.read_line(&mut status_line)? == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the upstream closed without answering"));
        }
        let status_line = status_line.trim_end().to_string();
        let status: u16 = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "bad status line"))?;
        let headers =
            read_headers(&mut reader).ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "no headers"))?;
        if (100..200).contains(&status) {
            continue;
        }
        let find = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim());
        let body = if req.method == "HEAD" || status == 204 || status == 304 {
            Vec::new()
        } else if find("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked")) {
            read_chunked(&mut reader)?
        } else if let Some(n) = find("content-length").and_then(|v| v.parse::<usize>().ok()) {
            let mut b = vec![0; n];
            reader.read_exact(&mut b)?;
            b
        } else {
            let mut b = Vec::new();
            reader.read_to_end(&mut b)?;
            b
        };
        return Ok(Upstream { status_line, status, headers, body });
    }
}

/// A response head with `content-length: len` (for HEAD, the upstream's own
/// length header is kept instead).
fn head_raw(status_line: &str, headers: &[(String, String)], len: usize, method: &str) -> Vec<u8> {
    let mut out = format!("{status_line}\r\n");
    for (k, v) in headers {
        let lower = k.to_ascii_lowercase();
        let framing = matches!(lower.as_str(), "connection" | "transfer-encoding" | "keep-alive")
            || (lower == "content-length" && method != "HEAD");
        if !framing {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    if method != "HEAD" {
        out.push_str(&format!("content-length: {len}\r\n"));
    }
    out.push_str("\r\n");
    out.into_bytes()
}

fn head(status: u16, headers: &[(String, String)], len: usize, method: &str) -> Vec<u8> {
    head_raw(&format!("HTTP/1.1 {status} {}", reason(status)), headers, len, method)
}

fn parse_pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
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
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FixtureServer;

    /// Sends one raw request on a new connection; returns (status, body) or
    /// the error the read ended with.
    fn send(url: &str, raw: &str, timeout: Duration) -> io::Result<(u16, Vec<u8>)> {
        let addr = url.trim_start_matches("http://");
        let mut s = TcpStream::connect(addr)?;
        s.set_read_timeout(Some(timeout))?;
        s.write_all(raw.as_bytes())?;
        let mut reader = BufReader::new(s);
        let mut status = String::new();
        reader.read_line(&mut status)?;
        let status: u16 = status.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let headers = read_headers(&mut reader).unwrap_or_default();
        let len: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; len];
        reader.read_exact(&mut body)?;
        Ok((status, body))
    }

    fn get(url: &str, path: &str) -> io::Result<(u16, Vec<u8>)> {
        send(url, &format!("GET {path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n"), Duration::from_secs(5))
    }

    fn upstream() -> (tempfile_dir::Dir, FixtureServer) {
        let dir = tempfile_dir::Dir::new();
        std::fs::write(dir.0.join("doc.json"), r#"{"items": [1, 2, 3, 4, 5, 6, 7, 8]}"#).unwrap();
        std::fs::write(
            dir.0.join("routes.json"),
            r#"[{"method": "GET", "path": "/doc", "body": "doc.json"},
                {"method": "POST", "path": "/", "body": "doc.json"}]"#,
        )
        .unwrap();
        let server = FixtureServer::start(&dir.0);
        (dir, server)
    }

    mod tempfile_dir {
        pub struct Dir(pub std::path::PathBuf);
        impl Dir {
            pub fn new() -> Dir {
                static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
                let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let p = std::env::temp_dir().join(format!("splitline-fault-proxy-{}-{n}", std::process::id()));
                std::fs::create_dir_all(&p).unwrap();
                Dir(p)
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.0);
            }
        }
    }

    const DOC: &[u8] = br#"{"items": [1, 2, 3, 4, 5, 6, 7, 8]}"#;

    #[test]
    fn passes_through_and_answers_with_faults_a_counted_number_of_times() {
        let (_d, server) = upstream();
        let proxy = FaultProxy::start(&server.url());
        assert_eq!(get(&proxy.url(), "/doc").unwrap(), (200, DOC.to_vec()));
        proxy.set_rules(vec![
            Rule::new("busy", Fault::json_error(429, "TooManyRequests", "slow down").with_header("Retry-After", "1"))
                .method("GET")
                .path_prefix("/do")
                .times(2),
            Rule::new("never", Fault::Stall).path("/do"),
        ]);
        assert_eq!(get(&proxy.url(), "/doc").unwrap().0, 429);
        assert_eq!(get(&proxy.url(), "/doc?x=1").unwrap().0, 429);
        assert_eq!(get(&proxy.url(), "/doc").unwrap().0, 200, "times is used up");
        let hits = proxy.hits("busy");
        assert_eq!(hits.len(), 2);
        assert!(hits.iter().all(|h| h.status == Some(429) && h.operation == "GET /doc"));
        assert_eq!(proxy.requests().len(), 4);
        proxy.clear_log();
        assert!(proxy.requests().is_empty());
        proxy.set_rules(vec![Rule::new("third", Fault::respond(429, "text/plain", "slow down")).every(3)]);
        let statuses: Vec<u16> = (0..6).map(|_| get(&proxy.url(), "/doc").unwrap().0).collect();
        assert_eq!(statuses, [200, 200, 429, 200, 200, 429], "every third request");
    }

    #[test]
    fn matches_form_parameters_and_headers() {
        let (_d, server) = upstream();
        let proxy = FaultProxy::start(&server.url());
        proxy.set_rules(vec![
            Rule::new("iam", Fault::aws_query_error(403, "AccessDenied", "no")).param("Action", "ListUsers"),
            Rule::new("kms", Fault::aws_json_error(400, "ThrottlingException", "Rate exceeded"))
                .header("X-Amz-Target", "TrentService.ListKeys"),
        ]);
        let form = "Action=ListUsers&Version=2010-05-08";
        let post = |ct: &str, extra: &str, body: &str| {
            send(
                &proxy.url(),
                &format!(
                    "POST / HTTP/1.1\r\nhost: x\r\ncontent-type: {ct}\r\n{extra}content-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                ),
                Duration::from_secs(5),
            )
            .unwrap()
        };
        assert_eq!(post("application/x-www-form-urlencoded; charset=utf-8", "", form).0, 403);
        assert_eq!(post("application/x-www-form-urlencoded", "", "Action=ListRoles").0, 200);
        let (status, body) = post("application/x-amz-json-1.1", "x-amz-target: TrentService.ListKeys\r\n", "{}");
        assert_eq!(status, 400);
        assert!(String::from_utf8_lossy(&body).contains("ThrottlingException"));
        let ops: Vec<String> = proxy.requests().into_iter().map(|r| r.operation).collect();
        assert_eq!(ops, ["ListUsers", "ListRoles", "ListKeys"]);
    }

    #[test]
    fn mangles_bodies_and_stalls() {
        let (_d, server) = upstream();
        let proxy = FaultProxy::start(&server.url());
        proxy.set_rules(vec![Rule::new("cut", Fault::Truncate).times(1)]);
        let (status, body) = get(&proxy.url(), "/doc").unwrap();
        assert_eq!((status, body.as_slice()), (200, &DOC[..DOC.len() / 2]));

        proxy.set_rules(vec![Rule::new("junk", Fault::ReplaceBody(b"<html>oops".to_vec())).times(1)]);
        assert_eq!(get(&proxy.url(), "/doc").unwrap(), (200, b"<html>oops".to_vec()));

        proxy.set_rules(vec![Rule::new("drop", Fault::CutConnection).times(1)]);
        let e = get(&proxy.url(), "/doc").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof, "{e}");

        proxy.set_rules(vec![Rule::new("stall", Fault::Stall).times(1)]);
        let started = Instant::now();
        let e = send(&proxy.url(), "GET /doc HTTP/1.1\r\nhost: x\r\n\r\n", Duration::from_millis(300)).unwrap_err();
        assert!(matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut), "{e}");
        assert!(started.elapsed() >= Duration::from_millis(300));

        proxy.set_rules(vec![Rule::new("slow-body", Fault::StallBody).times(1)]);
        let e = send(&proxy.url(), "GET /doc HTTP/1.1\r\nhost: x\r\n\r\n", Duration::from_millis(300)).unwrap_err();
        assert!(matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut), "{e}");
        assert_eq!(proxy.hits("slow-body")[0].status, Some(200));
        assert_eq!(proxy.hits("stall")[0].status, None);
        // Rules used up: back to pass-through.
        assert_eq!(get(&proxy.url(), "/doc").unwrap(), (200, DOC.to_vec()));
    }

    #[test]
    fn keeps_client_connections_alive() {
        let (_d, server) = upstream();
        let proxy = FaultProxy::start(&server.url());
        let mut s = TcpStream::connect(proxy.url().trim_start_matches("http://")).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut reader = BufReader::new(s.try_clone().unwrap());
        for _ in 0..2 {
            s.write_all(b"GET /doc HTTP/1.1\r\nhost: x\r\n\r\n").unwrap();
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            assert!(line.starts_with("HTTP/1.1 200"), "{line}");
            let headers = read_headers(&mut reader).unwrap();
            assert!(!headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("connection")));
            let mut body = vec![0; DOC.len()];
            reader.read_exact(&mut body).unwrap();
            assert_eq!(body, DOC);
        }
    }
}
