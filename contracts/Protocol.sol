// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title verisim protocol
/// @notice Host stake, requester fee escrow, one Merkle root of results per host per block, and
/// three ways to catch a bad result: a sampling dispute settled by a referee, a bisection game
/// over per-layer checkpoints narrowed down to one layer, and a replication vote. Plus a modeled
/// attestation (TEE / zk) that finality can require. Native ETH is the token. Burned ETH is never
/// sent anywhere: it stays locked here and is counted in `totalBurned`, so every wei the
/// simulator hands out stays accounted for.
contract Protocol {
    uint256 private constant PPM = 1_000_000;

    // Leaf lifecycle inside one batch. A leaf is disputed, gamed or settled at most once, whatever
    // the verdict: a proven fault cannot be slashed twice, and a rejected leaf must not be
    // re-challengeable either (that would let anyone grief a batch's finality forever).
    uint8 private constant LEAF_UNTOUCHED = 0;
    uint8 private constant LEAF_DISPUTED = 1;
    uint8 private constant LEAF_SLASHED = 2;
    uint8 private constant LEAF_GAMED = 3;
    uint8 private constant LEAF_SETTLED = 4;

    // Whose move it is in a bisection game; CLOSED once it is decided.
    uint8 private constant TURN_CLOSED = 0;
    uint8 private constant TURN_HOST = 1;
    uint8 private constant TURN_CHALLENGER = 2;
    uint8 private constant TURN_REFEREE = 3;

    // What a Slashed event's causeId counts.
    uint8 private constant CAUSE_DISPUTE = 0;
    uint8 private constant CAUSE_GAME = 1;
    uint8 private constant CAUSE_VOTE = 2;

    struct Model {
        uint64 flops;
        uint16 layers;
        bool registered;
    }

    struct Bond {
        // Everything bonded, the unbonding part included: all of it is slashable.
        uint256 stake;
        // The part asked back with requestUnstake; withdrawable from `availableAt`.
        uint256 unbonding;
        uint64 availableAt;
        // block.number + 1 of the host's last commit (0 = never), for one root per block.
        uint256 lastCommitBlockPlusOne;
    }

    // Field order packs host, deadline and jobCount into one slot, the flags into the next.
    struct Batch {
        address host;
        uint64 deadline;
        uint32 jobCount;
        // Open sampling disputes and bisection games: either blocks finality.
        uint32 openDisputes;
        bool finalized;
        bool attested;
        bytes32 modelHash;
        bytes32 root;
        // Fees still owed to the host: the committed total minus refunds of slashed jobs.
        uint256 fees;
    }

    /// @dev One committed result: the batch tree's leaf is keccak256(abi.encode(these fields)).
    /// `checkpointRoot` is the index-ordered root over the job's layer digests, 0 when none.
    struct Leaf {
        uint256 jobId;
        address requester;
        uint256 fee;
        bytes32 resultDigest;
        bytes32 checkpointRoot;
    }

    /// @dev One host's copy of a replicated job, as settleReplication takes it.
    struct Entry {
        uint256 batchId;
        Leaf leaf;
        bytes32[] proof;
    }

    /// @dev What settleReplication adds up over its entries.
    struct Tally {
        address[] hosts;
        address[] slashed;
        uint256 slashedCount;
        uint256 refunded;
        uint256 toReferee;
    }

    // Field order packs verifier, batchId and open into one slot.
    struct Dispute {
        address verifier;
        uint64 batchId;
        bool open;
        address requester;
        uint256 fee;
        bytes32 resultDigest;
        bytes32 leaf;
    }

    /// @dev A bisection game over checkpoints 0..layers. Checkpoint `lo` is agreed (0 is the job's
    /// input), checkpoint `hi` is disputed and `hiDigest` is the host's digest of it (the result
    /// digest while hi = layers). Field order packs the first four and the next five fields into
    /// one slot each.
    struct Game {
        address challenger;
        uint64 batchId;
        uint16 lo;
        uint16 hi;
        address requester;
        uint64 lastMoveAt;
        uint16 layers;
        uint8 round;
        uint8 turn;
        uint256 fee;
        bytes32 hiDigest;
        // The host's digest of checkpoint (lo + hi) / 2, revealed and awaiting the challenger.
        bytes32 revealed;
        bytes32 checkpointRoot;
    }

    uint32 public immutable slashFractionPpm;
    uint32 public immutable challengerSharePpm;
    uint32 public immutable bondToWinnerPpm;
    uint64 public immutable challengeWindow;
    uint64 public immutable unbondingDelay;
    uint64 public immutable moveTimeout;
    uint256 public immutable minStake;
    uint256 public immutable challengeBond;
    bool public immutable requireAttestation;

    address public immutable owner;
    address public referee;
    uint256 public totalBurned;

    mapping(bytes32 => Model) public models;
    mapping(address => bool) public isVerifier;
    mapping(address => Bond) public bonds;
    mapping(address => uint256) public escrowOf;
    Batch[] public batches;
    Dispute[] public disputes;
    Game[] public games;
    mapping(uint256 => mapping(bytes32 => uint8)) public leafState;

    event RefereeSet(address indexed referee);
    event ModelRegistered(bytes32 indexed modelHash, uint64 flops, uint16 layers);
    event VerifierAdded(address indexed verifier);
    event Staked(address indexed host, uint256 amount);
    event Deposited(address indexed requester, uint256 amount);
    event UnstakeRequested(address indexed host, uint256 amount, uint64 availableAt);
    event Withdrawn(address indexed host, uint256 amount);
    event Committed(
        uint256 indexed batchId,
        address indexed host,
        bytes32 modelHash,
        bytes32 root,
        uint32 jobCount,
        uint256 feeTotal,
        uint64 deadline
    );
    event DisputeOpened(
        uint256 indexed disputeId,
        uint256 indexed batchId,
        address indexed verifier,
        uint256 jobId,
        bytes32 leaf,
        bytes32 claimedDigest
    );
    event DisputeRejected(uint256 indexed disputeId);
    /// @param causeKind 0: causeId is a dispute id, 1: a game id, 2: a replicated job id.
    event Slashed(
        uint8 indexed causeKind,
        uint256 indexed causeId,
        address indexed host,
        uint256 amount,
        uint256 toChallenger,
        uint256 burned,
        uint256 refunded
    );
    event Finalized(uint256 indexed batchId, address indexed host, uint256 paid);
    event ReplicationSettled(uint256 indexed jobId, bool consensus, address[] slashed, uint256 refunded);
    event GameOpened(
        uint256 indexed gameId,
        uint256 indexed batchId,
        address indexed challenger,
        uint256 jobId,
        bytes32 leaf,
        uint16 layers
    );
    event GameMoved(uint256 indexed gameId, uint16 lo, uint16 hi, uint8 turn, uint8 round);
    event GameResolved(
        uint256 indexed gameId,
        bool hostLost,
        bool byTimeout,
        uint16 layer,
        uint8 rounds,
        uint256 bondToHost,
        uint256 bondBurned
    );
    event Attested(uint256 indexed batchId, uint256 gas);

    error InvalidParams();
    error NotOwner(address caller);
    error NotReferee(address caller);
    error NotVerifier(address caller);
    error NotBatchHost(address caller);
    error NotChallenger(address caller);
    error ZeroAmount();
    error ZeroAddress();
    error ModelAlreadyRegistered(bytes32 modelHash);
    error VerifierAlreadyAdded(address verifier);
    error UnknownModel(bytes32 modelHash);
    error EmptyBatch();
    error LengthMismatch(uint256 expected, uint256 actual);
    error InsufficientStake(uint256 available, uint256 required);
    error AlreadyCommittedThisBlock(address host, uint256 blockNumber);
    error InsufficientEscrow(address payer, uint256 available, uint256 required);
    error NothingToWithdraw();
    error UnbondingNotOver(uint64 availableAt);
    error UnknownBatch(uint256 batchId);
    error ChallengeWindowClosed(uint256 batchId, uint64 deadline);
    error ChallengeWindowOpen(uint256 batchId, uint64 deadline);
    error ClaimMatchesCommitment();
    error InvalidProof();
    error LeafAlreadyTouched(uint256 batchId, bytes32 leaf);
    error UnknownDispute(uint256 disputeId);
    error DisputeClosed(uint256 disputeId);
    error BatchAlreadyFinalized(uint256 batchId);
    error OpenDisputes(uint256 batchId, uint32 count);
    error NotAttested(uint256 batchId);
    error AlreadyAttested(uint256 batchId);
    error WrongBond(uint256 sent, uint256 required);
    error NoCheckpoints(bytes32 modelHash);
    error UnknownGame(uint256 gameId);
    error WrongTurn(uint256 gameId, uint8 turn);
    error WrongLayer(uint256 layer, uint256 expected);
    error MoveTimedOut(uint256 gameId, uint256 deadline);
    error MoveTimeNotOver(uint256 gameId, uint256 deadline);
    error NoEntries();
    error WrongJob(uint256 entry, uint256 jobId);
    error DuplicateHost(address host);
    error TransferFailed(address to, uint256 amount);

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    modifier onlyReferee() {
        if (msg.sender != referee) revert NotReferee(msg.sender);
        _;
    }

    constructor(
        uint32 slashFractionPpm_,
        uint32 challengerSharePpm_,
        uint64 challengeWindow_,
        uint64 unbondingDelay_,
        uint256 minStake_,
        uint256 challengeBond_,
        uint64 moveTimeout_,
        uint32 bondToWinnerPpm_,
        bool requireAttestation_
    ) {
        if (slashFractionPpm_ > PPM || challengerSharePpm_ > PPM || bondToWinnerPpm_ > PPM) {
            revert InvalidParams();
        }
        slashFractionPpm = slashFractionPpm_;
        challengerSharePpm = challengerSharePpm_;
        challengeWindow = challengeWindow_;
        unbondingDelay = unbondingDelay_;
        minStake = minStake_;
        challengeBond = challengeBond_;
        moveTimeout = moveTimeout_;
        bondToWinnerPpm = bondToWinnerPpm_;
        requireAttestation = requireAttestation_;
        owner = msg.sender;
    }

    // ------------------------------------------------------------------ administration

    function setReferee(address referee_) external onlyOwner {
        if (referee_ == address(0)) revert ZeroAddress();
        referee = referee_;
        emit RefereeSet(referee_);
    }

    function registerModel(bytes32 modelHash, uint64 flops, uint16 layers) external onlyOwner {
        if (models[modelHash].registered) revert ModelAlreadyRegistered(modelHash);
        models[modelHash] = Model(flops, layers, true);
        emit ModelRegistered(modelHash, flops, layers);
    }

    function addVerifier(address verifier) external onlyOwner {
        if (verifier == address(0)) revert ZeroAddress();
        if (isVerifier[verifier]) revert VerifierAlreadyAdded(verifier);
        isVerifier[verifier] = true;
        emit VerifierAdded(verifier);
    }

    // ------------------------------------------------------------------ hosts and requesters

    function stake() external payable {
        if (msg.value == 0) revert ZeroAmount();
        bonds[msg.sender].stake += msg.value;
        emit Staked(msg.sender, msg.value);
    }

    /// @notice Start unbonding `amount`; it stays slashable until withdrawn. A second request
    /// adds to the first and restarts the delay, so the delay always covers the latest commits.
    function requestUnstake(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        Bond storage bond = bonds[msg.sender];
        uint256 active = bond.stake - bond.unbonding;
        if (amount > active) revert InsufficientStake(active, amount);
        bond.unbonding += amount;
        uint64 availableAt = uint64(block.timestamp) + unbondingDelay;
        bond.availableAt = availableAt;
        emit UnstakeRequested(msg.sender, amount, availableAt);
    }

    function withdraw() external {
        Bond storage bond = bonds[msg.sender];
        if (bond.unbonding == 0) revert NothingToWithdraw();
        if (block.timestamp < bond.availableAt) revert UnbondingNotOver(bond.availableAt);
        // Slashes lower `unbonding` together with `stake` (see _slash), so this never underflows.
        uint256 amount = bond.unbonding;
        bond.stake -= amount;
        bond.unbonding = 0;
        bond.availableAt = 0;
        emit Withdrawn(msg.sender, amount);
        _send(msg.sender, amount);
    }

    function deposit() external payable {
        if (msg.value == 0) revert ZeroAmount();
        escrowOf[msg.sender] += msg.value;
        emit Deposited(msg.sender, msg.value);
    }

    /// @notice Commit one Merkle root over `jobCount` results. `payers[i]` pays `amounts[i]` of
    /// fees out of its escrow into the batch. Only stake that is not unbonding counts towards
    /// `minStake`: a host on its way out should not take new work.
    function commit(
        bytes32 modelHash,
        bytes32 root,
        uint32 jobCount,
        address[] calldata payers,
        uint256[] calldata amounts
    ) external returns (uint256 batchId) {
        if (!models[modelHash].registered) revert UnknownModel(modelHash);
        if (jobCount == 0) revert EmptyBatch();
        if (payers.length != amounts.length) revert LengthMismatch(payers.length, amounts.length);
        Bond storage bond = bonds[msg.sender];
        uint256 active = bond.stake - bond.unbonding;
        if (active < minStake) revert InsufficientStake(active, minStake);
        if (bond.lastCommitBlockPlusOne == block.number + 1) {
            revert AlreadyCommittedThisBlock(msg.sender, block.number);
        }
        bond.lastCommitBlockPlusOne = block.number + 1;

        uint256 feeTotal = 0;
        for (uint256 i = 0; i < payers.length; ++i) {
            uint256 available = escrowOf[payers[i]];
            if (available < amounts[i]) revert InsufficientEscrow(payers[i], available, amounts[i]);
            escrowOf[payers[i]] = available - amounts[i];
            feeTotal += amounts[i];
        }

        uint64 deadline = uint64(block.timestamp) + challengeWindow;
        batchId = batches.length;
        batches.push(Batch(msg.sender, deadline, jobCount, 0, false, false, modelHash, root, feeTotal));
        emit Committed(batchId, msg.sender, modelHash, root, jobCount, feeTotal, deadline);
    }

    // ------------------------------------------------------------------ sampling disputes

    function challenge(uint256 batchId, Leaf calldata leaf, bytes32[] calldata proof, bytes32 claimedDigest)
        external
        returns (uint256 disputeId)
    {
        if (!isVerifier[msg.sender]) revert NotVerifier(msg.sender);
        if (claimedDigest == leaf.resultDigest) revert ClaimMatchesCommitment();
        (Batch storage batch, bytes32 leafHash) = _touchLeaf(batchId, leaf, proof, LEAF_DISPUTED);
        batch.openDisputes += 1;
        disputeId = disputes.length;
        disputes.push(
            Dispute(msg.sender, uint64(batchId), true, leaf.requester, leaf.fee, leaf.resultDigest, leafHash)
        );
        emit DisputeOpened(disputeId, batchId, msg.sender, leaf.jobId, leafHash, claimedDigest);
    }

    /// @notice The referee's re-executed digest is the truth: the host is slashed iff it differs
    /// from what the host committed. The challenger's claim plays no part in the verdict, so an
    /// honest result can never be slashed, whoever challenges it.
    function resolve(uint256 disputeId, bytes32 refereeDigest) external onlyReferee {
        if (disputeId >= disputes.length) revert UnknownDispute(disputeId);
        Dispute storage dispute = disputes[disputeId];
        if (!dispute.open) revert DisputeClosed(disputeId);
        dispute.open = false;
        Batch storage batch = batches[dispute.batchId];
        batch.openDisputes -= 1;

        if (refereeDigest == dispute.resultDigest) {
            emit DisputeRejected(disputeId);
            return;
        }
        leafState[dispute.batchId][dispute.leaf] = LEAF_SLASHED;
        (uint256 toChallenger,) = _slash(batch, dispute.requester, dispute.fee, CAUSE_DISPUTE, disputeId);
        if (toChallenger > 0) _send(dispute.verifier, toChallenger);
    }

    // ------------------------------------------------------------------ bisection games

    /// @notice Post exactly `challengeBond` and dispute a leaf's checkpoints. The game runs over
    /// the registered model's layer count, not one the challenger names, so nobody can stretch it
    /// onto padding the host cannot prove.
    function openGame(uint256 batchId, Leaf calldata leaf, bytes32[] calldata proof)
        external
        payable
        returns (uint256 gameId)
    {
        if (!isVerifier[msg.sender]) revert NotVerifier(msg.sender);
        if (msg.value != challengeBond) revert WrongBond(msg.value, challengeBond);
        (Batch storage batch, bytes32 leafHash) = _touchLeaf(batchId, leaf, proof, LEAF_GAMED);
        uint16 layers = models[batch.modelHash].layers;
        if (layers == 0) revert NoCheckpoints(batch.modelHash);
        batch.openDisputes += 1;

        // One checkpoint leaves nothing to bisect: the referee checks the only layer at once.
        uint8 turn = layers == 1 ? TURN_REFEREE : TURN_HOST;
        gameId = games.length;
        games.push(
            Game({
                challenger: msg.sender,
                batchId: uint64(batchId),
                lo: 0,
                hi: layers,
                requester: leaf.requester,
                lastMoveAt: uint64(block.timestamp),
                layers: layers,
                round: 0,
                turn: turn,
                fee: leaf.fee,
                hiDigest: leaf.resultDigest,
                revealed: bytes32(0),
                checkpointRoot: leaf.checkpointRoot
            })
        );
        emit GameOpened(gameId, batchId, msg.sender, leaf.jobId, leafHash, layers);
    }

    /// @notice The host reveals its committed digest of checkpoint `layer` = (lo + hi) / 2, proven
    /// against the leaf's checkpoint root. `layer` is only checked, so a caller that lost track of
    /// the game gets WrongLayer rather than a proof failure.
    function reveal(uint256 gameId, uint256 layer, bytes32 digest, bytes32[] calldata proof) external {
        Game storage game = _moveOf(gameId, TURN_HOST);
        if (msg.sender != batches[game.batchId].host) revert NotBatchHost(msg.sender);
        uint256 mid = (uint256(game.lo) + game.hi) / 2;
        if (layer != mid) revert WrongLayer(layer, mid);
        if (proof.length != _depth(game.layers)) revert InvalidProof();
        if (_checkpointRootOf(digest, mid - 1, proof) != game.checkpointRoot) revert InvalidProof();
        game.revealed = digest;
        game.turn = TURN_CHALLENGER;
        game.lastMoveAt = uint64(block.timestamp);
        emit GameMoved(gameId, game.lo, game.hi, TURN_CHALLENGER, game.round);
    }

    /// @notice The challenger agrees (the fault is above mid) or disagrees (at or below mid) with
    /// the revealed checkpoint; the interval halves every round.
    function respond(uint256 gameId, bool agree) external {
        Game storage game = _moveOf(gameId, TURN_CHALLENGER);
        if (msg.sender != game.challenger) revert NotChallenger(msg.sender);
        uint16 mid = uint16((uint256(game.lo) + game.hi) / 2);
        if (agree) {
            game.lo = mid;
        } else {
            game.hi = mid;
            game.hiDigest = game.revealed;
        }
        game.round += 1;
        uint8 turn = game.hi - game.lo == 1 ? TURN_REFEREE : TURN_HOST;
        game.turn = turn;
        game.lastMoveAt = uint64(block.timestamp);
        emit GameMoved(gameId, game.lo, game.hi, turn, game.round);
    }

    /// @notice The referee re-executed layer `hi` from the agreed checkpoint `lo`: the host loses
    /// iff the result differs from its own digest of checkpoint `hi`.
    function resolveGame(uint256 gameId, bytes32 refereeDigest) external onlyReferee {
        Game storage game = _gameOf(gameId);
        if (game.turn != TURN_REFEREE) revert WrongTurn(gameId, game.turn);
        _closeGame(gameId, game, refereeDigest != game.hiDigest, false);
    }

    /// @notice Anyone may end a game whose host or challenger let its move time run out; that
    /// party loses. The referee has no deadline: its step is the protocol's own.
    function timeoutGame(uint256 gameId) external {
        Game storage game = _gameOf(gameId);
        uint8 turn = game.turn;
        if (turn != TURN_HOST && turn != TURN_CHALLENGER) revert WrongTurn(gameId, turn);
        uint256 deadline = uint256(game.lastMoveAt) + moveTimeout;
        if (block.timestamp < deadline) revert MoveTimeNotOver(gameId, deadline);
        _closeGame(gameId, game, turn == TURN_HOST, true);
    }

    // ------------------------------------------------------------------ replication

    /// @notice Settle one job several hosts ran. With a strict majority, the minority's hosts are
    /// slashed (the challenger's share to the referee, who did the comparing) and their fees
    /// refunded; without one, nobody can be blamed and every fee is refunded. Either way every
    /// entry's leaf is settled for good.
    function settleReplication(uint256 jobId, Entry[] calldata entries, bool[] calldata inMajority)
        external
        onlyReferee
    {
        if (entries.length == 0) revert NoEntries();
        if (inMajority.length != entries.length) revert LengthMismatch(entries.length, inMajority.length);
        bool consensus;
        Tally memory tally;
        {
            uint256 agreeing = 0;
            for (uint256 i = 0; i < inMajority.length; ++i) {
                if (inMajority[i]) agreeing += 1;
            }
            consensus = agreeing * 2 > entries.length;
            tally.hosts = new address[](entries.length);
            tally.slashed = new address[](consensus ? entries.length - agreeing : 0);
        }
        for (uint256 i = 0; i < entries.length; ++i) {
            _settleEntry(jobId, i, entries[i], consensus, consensus && !inMajority[i], tally);
        }
        emit ReplicationSettled(jobId, consensus, tally.slashed, tally.refunded);
        if (tally.toReferee > 0) _send(msg.sender, tally.toReferee);
    }

    /// @dev One entry of settleReplication: check and settle its leaf, record its host (refusing
    /// a host seen before), then slash it or refund its fee as told.
    function _settleEntry(
        uint256 jobId,
        uint256 i,
        Entry calldata entry,
        bool consensus,
        bool slash,
        Tally memory tally
    ) private {
        if (entry.leaf.jobId != jobId) revert WrongJob(i, entry.leaf.jobId);
        (Batch storage batch,) = _touchLeaf(entry.batchId, entry.leaf, entry.proof, LEAF_SETTLED);
        address host = batch.host;
        for (uint256 j = 0; j < i; ++j) {
            if (tally.hosts[j] == host) revert DuplicateHost(host);
        }
        tally.hosts[i] = host;
        if (slash) {
            (uint256 toChallenger, uint256 refunded) =
                _slash(batch, entry.leaf.requester, entry.leaf.fee, CAUSE_VOTE, jobId);
            tally.toReferee += toChallenger;
            tally.refunded += refunded;
            tally.slashed[tally.slashedCount++] = host;
        } else if (!consensus) {
            tally.refunded += _refund(batch, entry.leaf.requester, entry.leaf.fee);
        }
    }

    // ------------------------------------------------------------------ attestation

    /// @notice Model a TEE attestation or zk proof check of a batch: burn about `gasToBurn` gas
    /// here, so receipts show the verification cost, and mark the batch attested.
    function attest(uint256 batchId, uint256 gasToBurn) external {
        if (batchId >= batches.length) revert UnknownBatch(batchId);
        Batch storage batch = batches[batchId];
        if (msg.sender != batch.host) revert NotBatchHost(msg.sender);
        if (batch.finalized) revert BatchAlreadyFinalized(batchId);
        if (batch.attested) revert AlreadyAttested(batchId);
        batch.attested = true;
        uint256 start = gasleft();
        while (start - gasleft() < gasToBurn) {}
        emit Attested(batchId, gasToBurn);
    }

    // ------------------------------------------------------------------ payouts

    function finalize(uint256 batchId) external {
        if (batchId >= batches.length) revert UnknownBatch(batchId);
        Batch storage batch = batches[batchId];
        if (batch.finalized) revert BatchAlreadyFinalized(batchId);
        if (block.timestamp < batch.deadline) revert ChallengeWindowOpen(batchId, batch.deadline);
        if (batch.openDisputes != 0) revert OpenDisputes(batchId, batch.openDisputes);
        if (requireAttestation && !batch.attested) revert NotAttested(batchId);
        batch.finalized = true;
        uint256 paid = batch.fees;
        batch.fees = 0;
        emit Finalized(batchId, batch.host, paid);
        if (paid > 0) _send(batch.host, paid);
    }

    // ------------------------------------------------------------------ views

    function stakeOf(address host) external view returns (uint256 bonded, uint256 unbonding, uint64 availableAt) {
        Bond storage bond = bonds[host];
        return (bond.stake, bond.unbonding, bond.availableAt);
    }

    function batchCount() external view returns (uint256) {
        return batches.length;
    }

    function disputeCount() external view returns (uint256) {
        return disputes.length;
    }

    function gameCount() external view returns (uint256) {
        return games.length;
    }

    // ------------------------------------------------------------------ internals

    /// @dev Check that `leaf` is in batch `batchId`, the batch still takes challenges and the leaf
    /// was never disputed, gamed or settled; then mark it `state`.
    function _touchLeaf(uint256 batchId, Leaf calldata leaf, bytes32[] calldata proof, uint8 state)
        private
        returns (Batch storage batch, bytes32 leafHash)
    {
        if (batchId >= batches.length) revert UnknownBatch(batchId);
        batch = batches[batchId];
        if (block.timestamp >= batch.deadline) revert ChallengeWindowClosed(batchId, batch.deadline);
        leafHash = keccak256(abi.encode(leaf));
        if (_processProof(proof, leafHash) != batch.root) revert InvalidProof();
        if (leafState[batchId][leafHash] != LEAF_UNTOUCHED) revert LeafAlreadyTouched(batchId, leafHash);
        leafState[batchId][leafHash] = state;
    }

    /// @dev Slash the batch's host for one faulty job and refund that job's fee. Returns the
    /// challenger's share (the caller sends it, after its own bookkeeping) and the refund.
    function _slash(Batch storage batch, address requester, uint256 fee, uint8 causeKind, uint256 causeId)
        private
        returns (uint256 toChallenger, uint256 refunded)
    {
        address host = batch.host;
        Bond storage bond = bonds[host];
        uint256 amount = (bond.stake * slashFractionPpm) / PPM;
        toChallenger = (amount * challengerSharePpm) / PPM;
        uint256 burned = amount - toChallenger;
        bond.stake -= amount;
        // The unbonding part is slashable too: never let it exceed what is left bonded.
        if (bond.unbonding > bond.stake) bond.unbonding = bond.stake;
        totalBurned += burned;
        refunded = _refund(batch, requester, fee);
        emit Slashed(causeKind, causeId, host, amount, toChallenger, burned, refunded);
    }

    /// @dev The fee of a faulty or unsettled job goes back to its payer, so the host is never paid
    /// for it. The contract cannot check leaf fees against what the payers were debited, so a
    /// forged leaf fee is capped at what the batch still holds: an underflow here would make the
    /// verdict impossible to record and freeze the batch.
    function _refund(Batch storage batch, address requester, uint256 fee) private returns (uint256 refunded) {
        refunded = fee < batch.fees ? fee : batch.fees;
        batch.fees -= refunded;
        escrowOf[requester] += refunded;
    }

    function _gameOf(uint256 gameId) private view returns (Game storage game) {
        if (gameId >= games.length) revert UnknownGame(gameId);
        game = games[gameId];
    }

    /// @dev The game, if it is `turn`'s move and the move time has not run out. A late move is
    /// refused even when nobody has claimed the timeout yet, so a block holding both a late move
    /// and a timeout claim has the same outcome whichever comes first.
    function _moveOf(uint256 gameId, uint8 turn) private view returns (Game storage game) {
        game = _gameOf(gameId);
        if (game.turn != turn) revert WrongTurn(gameId, game.turn);
        // In 256 bits, so a huge moveTimeout means "never" rather than an overflow.
        uint256 deadline = uint256(game.lastMoveAt) + moveTimeout;
        if (block.timestamp >= deadline) revert MoveTimedOut(gameId, deadline);
    }

    /// @dev Settle a game: a losing host is slashed as in a dispute and the bond goes back; a
    /// losing challenger's bond goes partly to the host, the rest is burned.
    function _closeGame(uint256 gameId, Game storage game, bool hostLost, bool byTimeout) private {
        game.turn = TURN_CLOSED;
        Batch storage batch = batches[game.batchId];
        batch.openDisputes -= 1;
        uint16 layer = byTimeout ? 0 : game.hi;
        address challenger = game.challenger;
        uint256 bond = challengeBond;
        if (hostLost) {
            (uint256 toChallenger,) = _slash(batch, game.requester, game.fee, CAUSE_GAME, gameId);
            emit GameResolved(gameId, true, byTimeout, layer, game.round, 0, 0);
            if (toChallenger + bond > 0) _send(challenger, toChallenger + bond);
        } else {
            uint256 toHost = (bond * bondToWinnerPpm) / PPM;
            uint256 burned = bond - toHost;
            totalBurned += burned;
            emit GameResolved(gameId, false, byTimeout, layer, game.round, toHost, burned);
            if (toHost > 0) _send(batch.host, toHost);
        }
    }

    /// @dev Sorted-pair keccak Merkle proof, as OpenZeppelin's MerkleProof.processProof. A leaf
    /// preimage is 160 bytes and an inner node's 64, so a leaf can never pass for an inner node.
    function _processProof(bytes32[] calldata proof, bytes32 leaf) private pure returns (bytes32 node) {
        node = leaf;
        for (uint256 i = 0; i < proof.length; ++i) {
            bytes32 sibling = proof[i];
            node = node < sibling
                ? keccak256(abi.encodePacked(node, sibling))
                : keccak256(abi.encodePacked(sibling, node));
        }
    }

    /// @dev Index-ordered Merkle proof of checkpoint digest `digest` at 0-based `index`: leaves
    /// are keccak(0x00 ‖ digest), inner nodes keccak(0x01 ‖ left ‖ right), padding nodes zero. The
    /// index's bits pick the side at each level, so a digest proves only its own position.
    function _checkpointRootOf(bytes32 digest, uint256 index, bytes32[] calldata proof)
        private
        pure
        returns (bytes32 node)
    {
        node = keccak256(abi.encodePacked(bytes1(0x00), digest));
        for (uint256 i = 0; i < proof.length; ++i) {
            node = index & 1 == 0
                ? keccak256(abi.encodePacked(bytes1(0x01), node, proof[i]))
                : keccak256(abi.encodePacked(bytes1(0x01), proof[i], node));
            index >>= 1;
        }
    }

    /// @dev Levels of the checkpoint tree over `layers` leaves padded to a power of two. Fixing
    /// the proof length stops a short proof from aliasing a high index onto a low one.
    function _depth(uint256 layers) private pure returns (uint256 depth) {
        while ((uint256(1) << depth) < layers) depth += 1;
    }

    function _send(address to, uint256 amount) private {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert TransferFailed(to, amount);
    }
}
