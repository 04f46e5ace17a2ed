import MagsagRunner
import Testing

@Suite struct RunnerModuleTests {
    @Test func fixtureFormatVersionIsOne() {
        #expect(MagsagRunnerModule.fixtureFormatVersion == 1)
    }
}
