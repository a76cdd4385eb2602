//! A throwaway PostgreSQL cluster for the explain tests: `initdb` + `pg_ctl` in a temp dir,
//! listening only on a unix socket there, stopped and removed when dropped (also when a
//! test fails). As root, the server runs as the `postgres` user, since it refuses root.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Cluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
}

impl Cluster {
    /// Starts a cluster; `tcp_port` also listens on 127.0.0.1, with TLS (a certificate for
    /// `localhost` signed by the CA in `ca.crt` of the socket directory).
    pub fn start(hba: &str, tcp_port: Option<u16>) -> Cluster {
        let bin = server_bin();
        let dir = tempfile::Builder::new()
            .prefix("sqlhound-pg-")
            .tempdir()
            .unwrap();
        let data = dir.path().join("data");
        if is_root() {
            run(Command::new("chown").arg("postgres").arg(dir.path()));
        }
        run(as_server_user(&bin.join("initdb"))
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]));
        if !hba.is_empty() {
            let path = data.join("pg_hba.conf");
            let default = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, format!("{hba}\n{default}")).unwrap();
        }
        let port = tcp_port.unwrap_or(5432);
        let mut options = format!(
            "-k {} -p {port} -c fsync=off -c max_connections=40",
            dir.path().display()
        );
        if tcp_port.is_some() {
            options.push_str(&tls_options(dir.path()));
        } else {
            options.push_str(" -c listen_addresses=''");
        }
        run(as_server_user(&bin.join("pg_ctl"))
            .arg("-D")
            .arg(&data)
            .args(["-o", &options, "-l"])
            .arg(dir.path().join("server.log"))
            .args(["-w", "start"]));
        Cluster { dir, bin, port }
    }

    /// The socket directory.
    pub fn socket_dir(&self) -> &Path {
        self.dir.path()
    }

    /// A connection string for `database` as the superuser, over the unix socket.
    pub fn url(&self, database: &str) -> String {
        format!(
            "host={} port={} user=postgres dbname={database}",
            self.dir.path().display(),
            self.port
        )
    }

    /// A session in `database`, on a runtime that must outlive it.
    fn session(&self, runtime: &tokio::runtime::Runtime, database: &str) -> tokio_postgres::Client {
        let url = self.url(database);
        runtime.block_on(async {
            let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .unwrap_or_else(|e| panic!("connecting to {url}: {e}"));
            tokio::spawn(connection);
            client
        })
    }

    /// Runs SQL (several statements) in `database`.
    pub fn execute(&self, database: &str, sql: &str) {
        self.try_execute(database, sql)
            .unwrap_or_else(|e| panic!("{e} running:\n{sql}"));
    }

    /// Runs SQL in `database`, returning the server's error instead of failing.
    pub fn try_execute(&self, database: &str, sql: &str) -> Result<(), String> {
        let runtime = runtime();
        let client = self.session(&runtime, database);
        runtime
            .block_on(client.batch_execute(sql))
            .map_err(|e| format!("{e:?}"))
    }

    /// Runs SQL in a session that stays open (with its locks) until the result is dropped.
    pub fn hold(&self, database: &str, sql: &str) -> impl Drop {
        let runtime = runtime();
        let client = self.session(&runtime, database);
        runtime.block_on(client.batch_execute(sql)).unwrap();
        Held {
            _client: client,
            _runtime: runtime,
        }
    }

    /// Rows of one query, each column as text.
    pub fn rows(&self, database: &str, sql: &str) -> Vec<Vec<Option<String>>> {
        let runtime = runtime();
        let client = self.session(&runtime, database);
        runtime.block_on(async {
            client
                .simple_query(sql)
                .await
                .unwrap_or_else(|e| panic!("{e:?} running:\n{sql}"))
                .into_iter()
                .filter_map(|message| match message {
                    tokio_postgres::SimpleQueryMessage::Row(row) => Some(
                        (0..row.len())
                            .map(|i| row.get(i).map(str::to_string))
                            .collect(),
                    ),
                    _ => None,
                })
                .collect()
        })
    }

    /// A new database with `setup` run in it.
    pub fn database(&self, name: &str, setup: &str) -> String {
        self.execute("postgres", &format!("CREATE DATABASE {name}"));
        if !setup.is_empty() {
            self.execute(name, setup);
        }
        self.url(name)
    }

    /// Stops the server at once, as a crash or a failover would.
    pub fn stop(&self) {
        let _ = as_server_user(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-m", "immediate", "-w", "stop"])
            .output();
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A certificate for `localhost` signed by a test CA (`ca.crt`), and the settings serving
/// TLS with it.
fn tls_options(dir: &Path) -> String {
    let (cert, key) = (dir.join("server.crt"), dir.join("server.key"));
    let openssl = |args: &[&str]| run(Command::new("openssl").current_dir(dir).args(args));
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=sqlhound test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.crt",
    ]);
    openssl(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    ]);
    std::fs::write(dir.join("server.ext"), "subjectAltName=DNS:localhost\n").unwrap();
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "server.ext",
        "-out",
        "server.crt",
    ]);
    if is_root() {
        run(Command::new("chown").arg("postgres").arg(&key).arg(&cert));
    }
    run(Command::new("chmod").arg("600").arg(&key));
    format!(
        " -c listen_addresses=127.0.0.1 -c ssl=on -c ssl_cert_file={} -c ssl_key_file={}",
        cert.display(),
        key.display()
    )
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The server binaries: from PATH, else the newest under /usr/lib/postgresql.
fn server_bin() -> PathBuf {
    if let Some(dir) = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .find(|dir| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file())
    {
        return dir;
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| entries.flatten().map(|e| e.path().join("bin")).collect())
        .unwrap_or_default();
    versions.retain(|bin| bin.join("initdb").is_file());
    versions.sort();
    versions
        .pop()
        .expect("PostgreSQL server binaries (initdb, pg_ctl) are needed: install PostgreSQL 15")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

/// The server refuses to run as root: as root, run it as `postgres`.
fn as_server_user(program: &Path) -> Command {
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn run(command: &mut Command) {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(
        out.status.success(),
        "{command:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An open session; closing it (on drop) ends its transaction.
struct Held {
    _client: tokio_postgres::Client,
    _runtime: tokio::runtime::Runtime,
}

impl Drop for Held {
    fn drop(&mut self) {}
}
