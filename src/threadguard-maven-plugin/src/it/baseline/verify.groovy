import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
def legacy = new File(basedir, 'src/main/java/dev/it/legacy/Legacy.java').canonicalPath
def baseline = new File(basedir, 'threadguard-baseline.json')

// 1. Read from the module's directory without being named; the edited method's finding stays hidden, the
//    fixed one is counted as no longer matching, and the new one fails the build.
assert log.contains("[WARNING] threadguard: baseline ${baseline.canonicalPath} hid 1 finding; 1 of its entries no longer matches anything")
assert log.contains("[WARNING] ${legacy}:[30,9] [future-result-ignored]")
assert !log.contains("${legacy}:[20,9]")
assert log.contains('1 finding (1 warning) in 1 file; 1 hidden by the baseline; reports in ')
assert log.contains('threadguard found 1 finding at or above warning in baseline, listed above.')
// 2. Recorded again: both findings of today, not the fixed one.
assert log.contains("[INFO] threadguard: recorded 2 findings of 1 file in ${baseline.canonicalPath}")
def entries = new JsonSlurper().parse(baseline).findings
assert entries*.member == ['Legacy.refreshCache', 'Legacy.warmUp']
assert entries*.line == [20, 30]
// ...and the check that follows finds nothing new.
assert log.contains("[INFO] threadguard: baseline ${baseline.canonicalPath} hid 2 findings")
assert log.contains('no findings in 1 file; 2 hidden by the baseline')
assert log.readLines().findAll { it.contains('BUILD ') }*.trim() == ['[INFO] BUILD FAILURE', '[INFO] BUILD SUCCESS']
return true
