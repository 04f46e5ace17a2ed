/// The embedded MAG/SAG runner (see docs/runner.md once written).
public enum MagsagRunnerModule {
    /// Version of the fixture format the runner reads.
    public static let fixtureFormatVersion = 1
}
