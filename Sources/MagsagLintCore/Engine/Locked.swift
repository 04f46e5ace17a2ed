public import MagsagGit

/// A value guarded by a POSIX mutex (see `MagsagGit.Locked`), named here for the modules that build on
/// the engine.
public typealias Locked<Value> = MagsagGit.Locked<Value>
