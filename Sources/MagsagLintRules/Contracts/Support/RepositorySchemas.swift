import MagsagRunner

/// The schema rules' name for the run's shared schema store (see `ContractStore`).
typealias RepositorySchemas = ContractStore
