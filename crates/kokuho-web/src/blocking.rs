//! The use cases block (they hit the database): each call runs on tokio's blocking pool.

use kokuho_app::AppResult;

use crate::error::ApiError;

/// Runs `f` on the blocking pool. A panic inside becomes an internal error (500).
pub(crate) async fn blocking<T, F>(f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce() -> AppResult<T> + Send + 'static,
{
    run(move || f().map_err(ApiError::from)).await
}

/// Like [`blocking`] for work that fails with an [`ApiError`] itself (file parsing + import).
pub(crate) async fn run<T, F>(f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, ApiError> + Send + 'static,
{
    match tokio::task::spawn_blocking(f).await {
        Ok(result) => result,
        Err(e) if e.is_panic() => Err(ApiError::internal("パニックが発生しました（ブロッキング処理）")),
        Err(_) => Err(ApiError::internal("ブロッキング処理が中断されました")),
    }
}
