// A STUN server (RFC 5389 Binding only) that answers late: each response leaves `delayMs` after its request.
// It makes server-reflexive candidates arrive after the host-only code is on screen, so the code-update path
// (rtc/peer.ts gather → onLocalUpdate) runs. Usage: node slow-stun.mjs IP PORT DELAY_MS
import { createSocket } from 'node:dgram';

const [ip, port, delay] = process.argv.slice(2);
const cookie = 0x2112a442;
const socket = createSocket('udp4');
let answered = 0;

socket.on('message', (request, from) => {
	// A Binding request: type 0x0001 and the magic cookie; anything else is not ours to answer.
	if (request.length < 20 || request.readUInt16BE(0) !== 0x0001 || request.readUInt32BE(4) !== cookie) return;
	const response = Buffer.alloc(32);
	response.writeUInt16BE(0x0101, 0); // Binding success
	response.writeUInt16BE(12, 2); // one attribute: 4 + 8 bytes
	request.copy(response, 4, 4, 20); // magic cookie and transaction id
	response.writeUInt16BE(0x0020, 20); // XOR-MAPPED-ADDRESS
	response.writeUInt16BE(8, 22);
	response.writeUInt16BE(0x0001, 24); // IPv4
	response.writeUInt16BE(from.port ^ (cookie >>> 16), 26);
	const address = from.address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
	response.writeUInt32BE((address ^ cookie) >>> 0, 28);
	setTimeout(() => {
		socket.send(response, from.port, from.address);
		console.log(`answered ${++answered}: ${from.address}:${from.port}`);
	}, Number(delay));
});
socket.bind(Number(port), ip, () => console.log(`slow STUN listening on ${ip}:${port}, ${delay} ms late`));
