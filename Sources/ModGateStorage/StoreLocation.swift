/// What `--db` and the config's `store` section name: a SQLite file, or a PostgreSQL database by URL.
public enum StoreLocation {
    /// Whether `text` is a PostgreSQL URL (`postgres://` or `postgresql://`) rather than a file path.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }
}
