import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def app = new File(basedir, 'app/src/main/java/dev/it/app').canonicalPath
// Each module is checked on its own; app's finding needs core's classes on app's class path.
assert log.contains('[INFO] threadguard: no Java source roots in multi-module, nothing to analyse')
assert log.contains('[INFO] threadguard: no findings in 1 file; reports in ' + new File(basedir, 'core/target/threadguard').canonicalPath)
assert log.contains("[WARNING] ${app}/Nightly.java:[14,9] [future-result-ignored] the Future returned by `jobs.start(...)` (Jobs)")
assert log.contains('threadguard found 1 finding at or above warning in app, listed above.')
assert log.contains('BUILD FAILURE')

def slurper = new JsonSlurper()
assert slurper.parse(new File(basedir, 'core/target/threadguard/threadguard.sarif')).runs[0].results.isEmpty()
def results = slurper.parse(new File(basedir, 'app/target/threadguard/threadguard.sarif')).runs[0].results
assert results*.ruleId == ['future-result-ignored']
// Paths are relative to the top of the build, where a CI job checks the repository out.
assert results[0].locations[0].physicalLocation.artifactLocation.uri == 'app/src/main/java/dev/it/app/Nightly.java'
return true
