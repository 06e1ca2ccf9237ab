import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def app = new File(basedir, 'app/src/main/java/dev/it/app').canonicalPath
def core = new File(basedir, 'core/src/main/java/dev/it/core').canonicalPath
// Module by module, each half of the cycle is harmless.
assert log.contains('[INFO] threadguard: no findings in 1 file; reports in ' + new File(basedir, 'core/target/threadguard').canonicalPath)
assert log.contains('[INFO] threadguard: no findings in 1 file; reports in ' + new File(basedir, 'app/target/threadguard').canonicalPath)
// The whole reactor, once: both modules' sources, one program, one cycle.
assert log.contains("[ERROR] ${app}/Closing.java:[9,27] [lock-order-inversion] `Closing.close()` and `Ledger.post()` take `Ledger.JOURNAL` and `Ledger.LEDGER` in opposite orders")
assert log.contains("${core}/Ledger.java:[9,23]")
assert log.contains('threadguard found 1 finding at or above warning in aggregate, listed above.')
assert log.contains('BUILD FAILURE')

def results = new JsonSlurper().parse(new File(basedir, 'target/threadguard/threadguard.sarif')).runs[0].results
assert results*.ruleId == ['lock-order-inversion']
assert results[0].locations[0].physicalLocation.artifactLocation.uri == 'app/src/main/java/dev/it/app/Closing.java'
assert results[0].relatedLocations*.physicalLocation*.artifactLocation*.uri.contains('core/src/main/java/dev/it/core/Ledger.java')
return true
