//! `kokuho serve`: the staff server (optionally with the demo city) or the public simulator alone.

use std::net::SocketAddr;

use anyhow::{Context, Result, anyhow, bail};

use super::context::{Global, open_app};
use super::demo;

/// `serve --simulator-only`: no database, no key, no staff routes.
pub fn serve_simulator(listen: SocketAddr) -> Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("{listen} で待ち受けできません"))?;
        eprintln!(
            "kokuho: http://{}/simulator で保険料の試算ページを提供しています（データベースは開いていません）",
            listener.local_addr()?
        );
        kokuho_web::serve_simulator(listener, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| anyhow!("{e}"))
    })
}

pub fn serve(
    args: &Global,
    listen: SocketAddr,
    with_demo: bool,
    demo_households: u32,
    policy: kokuho_app::staff::auth::AuthPolicy,
) -> Result<()> {
    let app = open_app(args, with_demo)?.with_auth_policy(policy);
    if with_demo {
        if args.database.is_some() {
            bail!("--demo は組込みデータベースでのみ使えます");
        }
        demo::ensure_demo(&app, &args.data, demo_households, 1, false)?;
    }
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("{listen} で待ち受けできません"))?;
        eprintln!(
            "kokuho: http://{} で待ち受けています（{}）",
            listener.local_addr()?,
            app.store().describe()
        );
        kokuho_web::serve_listener(app, listener, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| anyhow!("{e}"))
    })
}
