//! The database the explain pass connects to, read once from the user's connection string,
//! and the one way messages name it: host, port, database and user from the *parsed*
//! configuration, never the password and never the text the user gave (a text redaction
//! misses passwords holding `/`, `?`, `#` or percent-encoded keys; the parser does not).
//! Every message that leaves the pass — ours, the server's, the client library's — goes
//! through [`Secrets::scrub`] as well.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use tokio_postgres::Config;
use tokio_postgres::config::Host;
use tokio_postgres_rustls::MakeRustlsConnect;

use super::tls;
use super::url::{password_candidates, take};

/// How long connecting may take in all (TCP, TLS, startup and authentication), unless the
/// connection string says otherwise with `connect_timeout`.
const SETUP_TIMEOUT: Duration = Duration::from_secs(10);

/// Shown where the connection string could not be read, so nothing of it is shown.
pub const UNREADABLE: &str = "the database URL";

/// A connection string, parsed.
pub struct Target {
    pub config: Config,
    pub tls: MakeRustlsConnect,
    /// The deadline on connecting, handshakes included.
    pub setup: Duration,
    /// `user@host:port/database`.
    pub shown: String,
}

/// Everything that could be a password, to be cut out of any message.
#[derive(Debug, Default, Clone)]
pub struct Secrets(Vec<String>);

impl Secrets {
    /// The password as the client read it, and as the text holds it in either syntax
    /// (raw, percent-decoded, unquoted), so a message echoing any form is caught.
    pub fn of(url: &str, config: Option<&Config>) -> Self {
        let mut secrets = password_candidates(url);
        if let Some(password) = config.and_then(Config::get_password) {
            secrets.push(String::from_utf8_lossy(password).into_owned());
        }
        secrets.retain(|s| !s.is_empty());
        // Longest first, so a password containing another candidate is cut whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        secrets.dedup();
        Self(secrets)
    }

    /// `text` with every form of the password replaced by `***`.
    pub fn scrub(&self, text: &str) -> String {
        let mut text = text.to_string();
        for secret in &self.0 {
            if text.contains(secret.as_str()) {
                text = text.replace(secret.as_str(), "***");
            }
        }
        text
    }
}

/// Reads the connection string: `sslmode`, `sslrootcert` and `passfile` are sqlhound's to
/// handle, the rest is tokio-postgres's. The error is safe to show.
pub fn resolve(url: &str, secrets: &Secrets) -> Result<Target, String> {
    let (url, passfile) = take(url, "passfile");
    let prepared = tls::prepare(&url)
        .map_err(|e| secrets.scrub(&format!("the database URL is not valid: {e}")))?;
    let mut config = Config::from_str(&prepared.url)
        .map_err(|e| secrets.scrub(&format!("the database URL is not valid: {e}")))?;
    config.application_name("sqlhound");
    let setup = config
        .get_connect_timeout()
        .copied()
        .unwrap_or(SETUP_TIMEOUT);
    config.connect_timeout(setup);
    if config.get_password().is_none()
        && let Some(password) = passfile_password(&config, passfile.as_deref())
    {
        config.password(password);
    }
    let shown = shown(&config);
    Ok(Target {
        config,
        tls: prepared.tls,
        setup,
        shown,
    })
}

/// `user@host:port/database`, from the parsed configuration only.
pub fn shown(config: &Config) -> String {
    let ports = config.get_ports();
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, host)| {
            let name = match host {
                Host::Tcp(name) => name.clone(),
                Host::Unix(path) => path.display().to_string(),
            };
            // One port for all hosts, or one per host (libpq's rule); 5432 when none.
            let port = ports.get(i).or(ports.first()).copied().unwrap_or(5432);
            format!("{name}:{port}")
        })
        .collect();
    let hosts = if hosts.is_empty() {
        "localhost:5432".to_string()
    } else {
        hosts.join(",")
    };
    let user = config.get_user().unwrap_or("?");
    let database = config.get_dbname().or(config.get_user()).unwrap_or("?");
    format!("{user}@{hosts}/{database}")
}

/// The password for this connection from libpq's password file: the `passfile` parameter,
/// else `PGPASSFILE`, else `~/.pgpass`. As libpq does, a file others may read is ignored,
/// and the first line whose `host:port:database:user` fields match (`*` matches anything)
/// wins.
fn passfile_password(config: &Config, passfile: Option<&str>) -> Option<String> {
    let path = match passfile {
        Some(path) => PathBuf::from(tls::unquote(path)),
        None => match std::env::var_os("PGPASSFILE") {
            Some(path) => PathBuf::from(path),
            None => Path::new(&std::env::var_os("HOME")?).join(".pgpass"),
        },
    };
    if readable_by_others(&path) {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(name)) => name.clone(),
        Some(Host::Unix(path)) => path.display().to_string(),
        None => "localhost".to_string(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let user = config.get_user().unwrap_or_default();
    let database = config.get_dbname().unwrap_or(user);
    let wanted = [host.as_str(), port.as_str(), database, user];
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| {
            let fields = passfile_fields(line);
            let [h, p, d, u, password] = fields.as_slice() else {
                return None;
            };
            let matches = [h, p, d, u].iter().zip(wanted).all(|(field, want)| {
                field.as_str() == "*"
                    || field.as_str() == want
                    // A socket connection matches `localhost`, as in libpq.
                    || (field.as_str() == "localhost" && want.starts_with('/'))
            });
            matches.then(|| password.clone())
        })
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 != 0)
}

#[cfg(not(unix))]
fn readable_by_others(_: &Path) -> bool {
    false
}

/// A password file line's five fields; `\:` and `\\` are a literal colon and backslash.
fn passfile_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => fields
                .last_mut()
                .into_iter()
                .for_each(|f| f.extend(chars.next())),
            ':' if fields.len() < 5 => fields.push(String::new()),
            _ => fields.last_mut().into_iter().for_each(|f| f.push(c)),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_is_rendered_from_the_parsed_configuration() {
        let secrets = Secrets::default();
        let target = resolve(
            "postgresql://app:Ab3/xY+zQP9=@db.internal:6543/shop",
            &secrets,
        );
        assert_eq!(
            target.map(|t| t.shown).as_deref(),
            Ok("app@db.internal:6543/shop")
        );
        let target = resolve(
            "host=/tmp port=5433 user=app password='s e' dbname=shop",
            &secrets,
        );
        assert_eq!(target.map(|t| t.shown).as_deref(), Ok("app@/tmp:5433/shop"));
    }

    #[test]
    fn every_form_of_the_password_is_scrubbed() {
        let url = "postgresql://app:p%40ss%2Fw0rd@db/shop";
        let config = Config::from_str(url).ok();
        let secrets = Secrets::of(url, config.as_ref());
        assert_eq!(
            secrets.scrub("bad p@ss/w0rd and p%40ss%2Fw0rd"),
            "bad *** and ***"
        );
    }

    #[test]
    fn a_password_file_line_is_found_by_its_fields() {
        assert_eq!(
            passfile_fields(r"db:5432:*:app:se\:cr\\et"),
            ["db", "5432", "*", "app", r"se:cr\et"]
        );
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let file = dir.path().join("pgpass");
        std::fs::write(
            &file,
            "# comment\nother:5432:*:app:wrong\n*:*:shop:app:right\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::Permissions::from_mode(0o600);
            std::fs::set_permissions(&file, mode).unwrap_or_else(|e| panic!("{e}"));
        }
        let config =
            Config::from_str("host=db user=app dbname=shop").unwrap_or_else(|e| panic!("{e}"));
        let path = file.display().to_string();
        assert_eq!(
            passfile_password(&config, Some(&path)).as_deref(),
            Some("right")
        );
    }
}
