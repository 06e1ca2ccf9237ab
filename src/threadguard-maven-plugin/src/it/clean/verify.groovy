import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('[INFO] threadguard: no findings in 2 files; reports in ')
assert log.contains('BUILD SUCCESS')
assert !log.contains('non-atomic-update')

def sarif = new JsonSlurper().parse(new File(basedir, 'target/threadguard/threadguard.sarif'))
assert sarif.version == '2.1.0'
assert sarif.runs[0].results.isEmpty()
assert new File(basedir, 'target/threadguard/threadguard.txt').text == 'no findings in 2 files\n'
assert !new File(basedir, 'target/threadguard/threadguard.json').exists()
return true
