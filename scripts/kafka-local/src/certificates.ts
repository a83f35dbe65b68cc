import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificates {
  caPem: string;
  caFile: string;
  /** Broker private key (PKCS#8) followed by its certificate: Kafka's PEM keystore file. */
  brokerKeystoreFile: string;
}

/** A throw-away CA and a broker certificate for localhost / 127.0.0.1, made with openssl. */
export async function createTestCertificates(dir: string): Promise<TestCertificates> {
  const path = (name: string) => join(dir, name);
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=Tributary Test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout',
    path('ca.key'),
    '-out',
    path('ca.pem'),
  ]);
  await run('openssl', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    path('broker.key'),
    '-out',
    path('broker.csr'),
  ]);
  await writeFile(path('broker.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    path('broker.csr'),
    '-CA',
    path('ca.pem'),
    '-CAkey',
    path('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    path('broker.ext'),
    '-out',
    path('broker.pem'),
  ]);
  const [key, cert, caPem] = await Promise.all(
    ['broker.key', 'broker.pem', 'ca.pem'].map((name) => readFile(path(name), 'utf8')),
  );
  await writeFile(path('broker-keystore.pem'), `${key}${cert}`, { mode: 0o600 });
  return { caPem: caPem!, caFile: path('ca.pem'), brokerKeystoreFile: path('broker-keystore.pem') };
}
