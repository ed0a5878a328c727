// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IProtocol} from "./IProtocol.sol";

/// @title verisim protocol
/// @notice Host stake, requester fee escrow paid only for ordered jobs, one Merkle root of results
/// per host per block, and three ways to catch a bad result: a bonded sampling dispute settled by
/// a referee, bisection games over per-layer checkpoints narrowed down to one layer, and a
/// replication vote. Plus a modeled attestation (TEE / zk) that finality can require. Native ETH
/// is the token. Verdicts never send ETH: they credit, and each account claims its own credit, so
/// a payee that refuses ETH cannot freeze anybody else's case. Burned ETH stays locked here and is
/// counted in `totalBurned`, so every wei stays accounted for:
/// balance = stakes + escrows + unpaid batch fees + open bonds + credits + totalBurned
///         + emissionReserve.
/// Emissions: the native coin cannot be minted, so the deployer funds a reserve and the owner
/// releases from it, by `emitToHosts`, what a rate that halves every `halvingInterval` seconds
/// accrued since the last release, credited to staked hosts pro rata to their active stake.
/// Burn-and-mint: `burnPpm` of every batch's fees is burned at finality instead of paid.
contract Protocol is IProtocol {
    uint256 private constant PPM = 1_000_000;

    // The most moves a game can take: two per round, one round per halving of a uint16 layer range.
    uint256 private constant MAX_GAME_MOVES = 32;

    // What a Slashed event's causeId counts.
    uint8 private constant CAUSE_DISPUTE = 0;
    uint8 private constant CAUSE_GAME = 1;
    uint8 private constant CAUSE_VOTE = 2;

    // Slash rules (SlashParams.rule).
    uint8 public constant SLASH_FRACTION = 0;
    uint8 public constant SLASH_FIXED = 1;
    uint8 public constant SLASH_VALUE_SCALED = 2;

    /// @dev The constructor's emission schedule: wei per second at first (0: no emissions),
    /// seconds between halvings (0: never), the part of fees burned at finality, in ppm, and the
    /// timestamp accrual starts from (0 or past: the deployment's block).
    struct EmissionParams {
        uint128 ratePerSecond;
        uint64 halvingInterval;
        uint32 burnPpm;
        // Accrual starts here, or at deployment if that is later.
        uint64 start;
    }

    /// @dev What a proven fault costs a host, capped at its bond: `rule` SLASH_FRACTION takes
    /// slashFractionPpm of its stake, SLASH_FIXED `amount` wei, SLASH_VALUE_SCALED the job's fee ×
    /// `scalePpm` ÷ the job's check probability, which is PPM for a fee of at least
    /// `alwaysCheckAbove` and `checkProbabilityPpm` below it (type(uint256).max: no threshold).
    /// A struct because more constructor arguments would not fit the legacy code generator's stack.
    struct SlashParams {
        uint8 rule;
        uint256 amount;
        uint64 scalePpm;
        uint32 checkProbabilityPpm;
        uint256 alwaysCheckAbove;
    }

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
        // Disputes and games open against this host's batches: withdrawal waits for all of them.
        uint32 openCases;
        // Challenge deadline of the host's latest batch: withdrawal waits for it too.
        uint64 lastDeadline;
        // block.number + 1 of the host's last commit (0 = never), for one root per block.
        uint256 lastCommitBlockPlusOne;
    }

    /// @dev What a requester agreed to pay one host: `jobs` more jobs at `fee` each.
    struct Order {
        uint128 fee;
        uint128 jobs;
    }

    /// @dev A requester's pending escrow withdrawal.
    struct EscrowWithdrawal {
        uint256 amount;
        uint64 availableAt;
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

    // Field order packs verifier, batchId and open into one slot, requester and openedAt into the next.
    struct Dispute {
        address verifier;
        uint64 batchId;
        bool open;
        address requester;
        uint64 openedAt;
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
        Turn turn;
        uint256 fee;
        bytes32 hiDigest;
        // The host's digest of checkpoint (lo + hi) / 2, revealed and awaiting the challenger.
        bytes32 revealed;
        bytes32 checkpointRoot;
    }

    uint32 public immutable slashFractionPpm;
    // The slash rule and its parameters (SlashParams).
    uint8 public immutable slashRule;
    uint256 public immutable slashAmount;
    uint64 public immutable slashScalePpm;
    uint32 public immutable checkProbabilityPpm;
    uint256 public immutable alwaysCheckAbove;
    uint32 public immutable challengerSharePpm;
    uint32 public immutable bondToWinnerPpm;
    uint64 public immutable challengeWindow;
    uint64 public immutable unbondingDelay;
    uint64 public immutable moveTimeout;
    uint64 public immutable refereeTimeout;
    uint256 public immutable minStake;
    uint256 public immutable challengeBond;
    bool public immutable requireAttestation;
    // Emission schedule: wei per second from emissionStart, halving every halvingInterval seconds
    // (0: never halves). A rate of 0 turns emissions off.
    uint128 public immutable emissionRatePerSecond;
    uint64 public immutable halvingInterval;
    uint64 public immutable emissionStart;
    // Part of a batch's fees burned at finality (burn-and-mint), in ppm.
    uint32 public immutable burnPpm;

    address public immutable owner;
    address public referee;
    uint256 public totalBurned;
    // What is left to emit of what the deployer sent along.
    uint256 public emissionReserve;
    // The end of the span the last emission paid for (emissionStart before the first).
    uint64 public lastEmitAt;

    mapping(bytes32 => Model) public models;
    mapping(address => bool) public isVerifier;
    mapping(address => Bond) public bonds;
    mapping(address => uint256) public escrowOf;
    mapping(address => EscrowWithdrawal) public escrowWithdrawals;
    mapping(address => mapping(address => Order)) public orders;
    mapping(address => uint256) public credits;
    Batch[] public batches;
    Dispute[] public disputes;
    Game[] public games;
    // The leaf each game is about, by game id. Outside Game because a public getter of fourteen
    // fields does not fit the legacy code generator's stack.
    mapping(uint256 => bytes32) public gameLeaf;
    mapping(uint256 => mapping(bytes32 => LeafState)) public leafState;

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    modifier onlyReferee() {
        if (msg.sender != referee) revert NotReferee(msg.sender);
        _;
    }

    /// @notice Fix the protocol's parameters for good. The unbonding delay must outlast a batch's
    /// challenge window plus the longest game and the referee's deadline, so a host that commits
    /// a bad result cannot be gone before the verdict. The value sent along is the emission
    /// reserve, and emissions accrue from this block's timestamp or the schedule's later start.
    /// @param slashFractionPpm_ Part of the stake a proven fault costs, in ppm.
    /// @param challengerSharePpm_ Part of a slash credited to the challenger, in ppm.
    /// @param challengeWindow_ Seconds a batch takes challenges.
    /// @param unbondingDelay_ Seconds from an unstake or escrow withdrawal request to its payment.
    /// @param minStake_ Active stake a host needs to commit.
    /// @param challengeBond_ Wei a dispute or game must post.
    /// @param moveTimeout_ Seconds a game party has per move.
    /// @param bondToWinnerPpm_ Part of a losing challenger's bond credited to the host, in ppm.
    /// @param requireAttestation_ Whether finality needs an attestation.
    /// @param refereeTimeout_ Seconds the referee has per case; after it the case is void.
    /// @param emission_ The emission schedule and the burn-and-mint share, as one struct: four
    /// more arguments would not fit the legacy code generator's stack.
    /// @param slash_ The slash rule and its parameters (SlashParams); slashFractionPpm_ is the
    /// fraction rule's.
    constructor(
        uint32 slashFractionPpm_,
        uint32 challengerSharePpm_,
        uint64 challengeWindow_,
        uint64 unbondingDelay_,
        uint256 minStake_,
        uint256 challengeBond_,
        uint64 moveTimeout_,
        uint32 bondToWinnerPpm_,
        bool requireAttestation_,
        uint64 refereeTimeout_,
        EmissionParams memory emission_,
        SlashParams memory slash_
    ) payable {
        if (slashFractionPpm_ > PPM) revert InvalidParams("slashFractionPpm");
        if (slash_.rule > SLASH_VALUE_SCALED) revert InvalidParams("slashRule");
        // A zero check probability would divide by zero at the first valueScaled slash.
        if (slash_.checkProbabilityPpm == 0 || slash_.checkProbabilityPpm > PPM) {
            revert InvalidParams("checkProbabilityPpm");
        }
        if (challengerSharePpm_ > PPM) revert InvalidParams("challengerSharePpm");
        if (bondToWinnerPpm_ > PPM) revert InvalidParams("bondToWinnerPpm");
        if (emission_.burnPpm > PPM) revert InvalidParams("burnPpm");
        if (moveTimeout_ == 0) revert InvalidParams("moveTimeout");
        if (refereeTimeout_ == 0) revert InvalidParams("refereeTimeout");
        // In 256 bits, so parameters near uint64's end cannot overflow past the check.
        if (
            uint256(unbondingDelay_)
                < uint256(challengeWindow_) + MAX_GAME_MOVES * uint256(moveTimeout_) + uint256(refereeTimeout_)
        ) revert InvalidParams("unbondingDelay");
        slashFractionPpm = slashFractionPpm_;
        slashRule = slash_.rule;
        slashAmount = slash_.amount;
        slashScalePpm = slash_.scalePpm;
        checkProbabilityPpm = slash_.checkProbabilityPpm;
        alwaysCheckAbove = slash_.alwaysCheckAbove;
        challengerSharePpm = challengerSharePpm_;
        challengeWindow = challengeWindow_;
        unbondingDelay = unbondingDelay_;
        minStake = minStake_;
        challengeBond = challengeBond_;
        moveTimeout = moveTimeout_;
        bondToWinnerPpm = bondToWinnerPpm_;
        requireAttestation = requireAttestation_;
        refereeTimeout = refereeTimeout_;
        owner = msg.sender;
        emissionRatePerSecond = emission_.ratePerSecond;
        halvingInterval = emission_.halvingInterval;
        burnPpm = emission_.burnPpm;
        uint64 start = emission_.start > block.timestamp ? emission_.start : uint64(block.timestamp);
        emissionStart = start;
        lastEmitAt = start;
        emissionReserve = msg.value;
    }

    // ------------------------------------------------------------------ administration

    /// @notice Hand the referee role to `referee_`. Open cases keep their deadlines: a new referee
    /// rules on them within the same time or they expire.
    /// @param referee_ The new referee.
    function setReferee(address referee_) external onlyOwner {
        if (referee_ == address(0)) revert ZeroAddress();
        emit RefereeChanged(referee, referee_);
        referee = referee_;
    }

    /// @notice Make a model servable.
    /// @param modelHash Hash of its ONNX bytes.
    /// @param flops Floating-point operations of one inference.
    /// @param layers Checkpointed layers (0: no games).
    function registerModel(bytes32 modelHash, uint64 flops, uint16 layers) external onlyOwner {
        if (models[modelHash].registered) revert ModelAlreadyRegistered(modelHash);
        models[modelHash] = Model(flops, layers, true);
        emit ModelRegistered(modelHash, flops, layers);
    }

    /// @notice Let `verifier` open disputes and games.
    /// @param verifier The account.
    function addVerifier(address verifier) external onlyOwner {
        if (verifier == address(0)) revert ZeroAddress();
        if (isVerifier[verifier]) revert VerifierAlreadyAdded(verifier);
        isVerifier[verifier] = true;
        emit VerifierAdded(verifier);
    }

    /// @notice Stop `verifier` opening disputes and games. Its open ones continue: moves check the
    /// game's challenger, not the role, so removal cannot hand the host a win.
    /// @param verifier The account.
    function removeVerifier(address verifier) external onlyOwner {
        if (!isVerifier[verifier]) revert UnknownVerifier(verifier);
        isVerifier[verifier] = false;
        emit VerifierRemoved(verifier);
    }

    // ------------------------------------------------------------------ hosts

    /// @notice Bond `msg.value` more stake.
    function stake() external payable {
        if (msg.value == 0) revert ZeroAmount();
        bonds[msg.sender].stake += msg.value;
        emit Staked(msg.sender, msg.value);
    }

    /// @notice Start unbonding `amount`; it stays slashable until withdrawn. A second request
    /// adds to the first and restarts the delay, so the delay always covers the latest commits.
    /// @param amount Wei to unbond.
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

    /// @notice Take the unbonded stake back once the delay is over, no dispute or game against the
    /// caller's batches is open and its latest batch's challenge window has closed: a host cannot
    /// leave with stake a pending verdict may still take.
    function withdraw() external {
        Bond storage bond = bonds[msg.sender];
        if (bond.unbonding == 0) revert NothingToWithdraw();
        if (block.timestamp < bond.availableAt) revert UnbondingNotOver(bond.availableAt);
        if (bond.openCases != 0) revert OpenCases(msg.sender, bond.openCases);
        if (block.timestamp < bond.lastDeadline) revert CommitmentsOpen(bond.lastDeadline);
        // Slashes lower `unbonding` together with `stake` (see _slash), so this never underflows.
        uint256 amount = bond.unbonding;
        bond.stake -= amount;
        bond.unbonding = 0;
        bond.availableAt = 0;
        emit Withdrawn(msg.sender, amount);
        _send(msg.sender, amount);
    }

    // ------------------------------------------------------------------ requesters

    /// @notice Add `msg.value` to the caller's fee escrow.
    function deposit() external payable {
        if (msg.value == 0) revert ZeroAmount();
        escrowOf[msg.sender] += msg.value;
        emit Deposited(msg.sender, msg.value);
    }

    /// @notice Consent to pay `fee` per job out of escrow for `jobs[i]` more jobs done by
    /// `hosts[i]`: a host can commit against the caller's escrow only what the caller ordered
    /// from it. A host's fee may change only once its earlier order is used up.
    /// @param hosts The hosts.
    /// @param jobs Jobs ordered from each host.
    /// @param fee Wei per job.
    function order(address[] calldata hosts, uint32[] calldata jobs, uint128 fee) external {
        if (hosts.length != jobs.length) revert LengthMismatch(hosts.length, jobs.length);
        if (fee == 0 || hosts.length == 0) revert ZeroAmount();
        uint256 total = 0;
        for (uint256 i = 0; i < hosts.length; ++i) {
            if (jobs[i] == 0) revert ZeroAmount();
            Order storage o = orders[msg.sender][hosts[i]];
            if (o.jobs != 0 && o.fee != fee) revert OrderFeeMismatch(hosts[i], o.fee, fee);
            o.fee = fee;
            o.jobs += jobs[i];
            total += jobs[i];
        }
        emit Ordered(msg.sender, hosts.length, total, fee);
    }

    /// @notice Ask for `amount` of the caller's escrow back, payable after the unbonding delay so
    /// jobs already in flight can still be committed against it. Replaces any earlier request.
    /// @param amount Wei to withdraw.
    function requestEscrowWithdrawal(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        uint256 available = escrowOf[msg.sender];
        if (amount > available) revert InsufficientEscrow(msg.sender, available, amount);
        uint64 availableAt = uint64(block.timestamp) + unbondingDelay;
        escrowWithdrawals[msg.sender] = EscrowWithdrawal(amount, availableAt);
        emit EscrowWithdrawalRequested(msg.sender, amount, availableAt);
    }

    /// @notice After the delay, pay the caller what it asked for, or all its escrow if commits
    /// spent some of it meanwhile.
    function withdrawEscrow() external {
        EscrowWithdrawal storage request = escrowWithdrawals[msg.sender];
        uint256 pending = request.amount;
        if (pending == 0) revert NothingToWithdraw();
        if (block.timestamp < request.availableAt) revert UnbondingNotOver(request.availableAt);
        uint256 available = escrowOf[msg.sender];
        uint256 amount = pending < available ? pending : available;
        delete escrowWithdrawals[msg.sender];
        escrowOf[msg.sender] = available - amount;
        emit EscrowWithdrawn(msg.sender, amount);
        if (amount > 0) _send(msg.sender, amount);
    }

    // ------------------------------------------------------------------ commitments

    /// @notice Commit one Merkle root over `jobCount` results, `counts[i]` of them ordered by
    /// `payers[i]`. Each payer's order from the caller goes down by its count and pays its fee per
    /// job out of escrow into the batch. Only stake that is not unbonding counts towards
    /// `minStake`: a host on its way out should not take new work.
    /// @param modelHash The model served.
    /// @param root Merkle root over the job leaves.
    /// @param jobCount Jobs in the batch.
    /// @param payers The requesters whose jobs the batch holds.
    /// @param counts Jobs of each payer.
    /// @return batchId The new batch.
    function commit(
        bytes32 modelHash,
        bytes32 root,
        uint32 jobCount,
        address[] calldata payers,
        uint32[] calldata counts
    ) external returns (uint256 batchId) {
        if (!models[modelHash].registered) revert UnknownModel(modelHash);
        if (jobCount == 0) revert EmptyBatch();
        if (payers.length != counts.length) revert LengthMismatch(payers.length, counts.length);
        Bond storage bond = bonds[msg.sender];
        uint256 active = bond.stake - bond.unbonding;
        if (active < minStake) revert InsufficientStake(active, minStake);
        if (bond.lastCommitBlockPlusOne == block.number + 1) {
            revert AlreadyCommittedThisBlock(msg.sender, block.number);
        }
        bond.lastCommitBlockPlusOne = block.number + 1;

        uint256 counted = 0;
        for (uint256 i = 0; i < counts.length; ++i) {
            counted += counts[i];
        }
        if (counted != jobCount) revert JobCountMismatch(jobCount, counted);

        uint256 feeTotal = 0;
        for (uint256 i = 0; i < payers.length; ++i) {
            address payer = payers[i];
            Order storage o = orders[payer][msg.sender];
            uint256 count = counts[i];
            if (o.jobs < count) revert NotOrdered(payer, msg.sender, o.jobs, count);
            o.jobs -= uint128(count);
            uint256 amount = count * o.fee;
            uint256 available = escrowOf[payer];
            if (available < amount) revert InsufficientEscrow(payer, available, amount);
            escrowOf[payer] = available - amount;
            feeTotal += amount;
        }

        uint64 deadline = uint64(block.timestamp) + challengeWindow;
        bond.lastDeadline = deadline;
        batchId = batches.length;
        batches.push(Batch(msg.sender, deadline, jobCount, 0, false, false, modelHash, root, feeTotal));
        emit Committed(batchId, msg.sender, modelHash, root, jobCount, feeTotal, deadline);
    }

    // ------------------------------------------------------------------ sampling disputes

    /// @notice Post exactly `challengeBond` and claim a committed result is wrong. The leaf is
    /// Disputed until the referee rules or its deadline passes.
    /// @param batchId The batch holding the leaf.
    /// @param leaf The committed result.
    /// @param proof Its Merkle proof.
    /// @param claimedDigest The verifier's digest of the result.
    /// @return disputeId The new dispute.
    function challenge(uint256 batchId, Leaf calldata leaf, bytes32[] calldata proof, bytes32 claimedDigest)
        external
        payable
        returns (uint256 disputeId)
    {
        if (!isVerifier[msg.sender]) revert NotVerifier(msg.sender);
        if (msg.value != challengeBond) revert WrongBond(msg.value, challengeBond);
        if (claimedDigest == leaf.resultDigest) revert ClaimMatchesCommitment();
        (Batch storage batch, bytes32 leafHash) = _checkLeaf(batchId, leaf, proof);
        leafState[batchId][leafHash] = LeafState.Disputed;
        batch.openDisputes += 1;
        bonds[batch.host].openCases += 1;
        disputeId = disputes.length;
        disputes.push(
            Dispute(
                msg.sender,
                uint64(batchId),
                true,
                leaf.requester,
                uint64(block.timestamp),
                leaf.fee,
                leaf.resultDigest,
                leafHash
            )
        );
        emit DisputeOpened(disputeId, batchId, msg.sender, leaf.jobId, leafHash, claimedDigest);
    }

    /// @notice The referee's re-executed digest is the truth: the host is slashed iff it differs
    /// from what the host committed. The challenger's claim plays no part in the verdict, so an
    /// honest result can never be slashed, whoever challenges it. A wrong challenge loses its bond
    /// as a lost game does. Refused once the referee's deadline has passed.
    /// @param disputeId The dispute.
    /// @param refereeDigest The referee's digest of the result.
    function resolve(uint256 disputeId, bytes32 refereeDigest) external onlyReferee {
        Dispute storage dispute = _openDispute(disputeId);
        uint256 deadline = uint256(dispute.openedAt) + refereeTimeout;
        if (block.timestamp >= deadline) revert RefereeTimedOut(disputeId, deadline);
        Batch storage batch = _closeDispute(dispute);
        mapping(bytes32 => LeafState) storage states = leafState[dispute.batchId];
        LeafState state = states[dispute.leaf];
        uint256 bond = challengeBond;

        if (refereeDigest == dispute.resultDigest) {
            // A game may have slashed the leaf meanwhile; a rejection must not unmark that.
            if (state == LeafState.Disputed) states[dispute.leaf] = LeafState.Settled;
            emit DisputeRejected(disputeId);
            _forfeitBond(batch.host, bond);
            return;
        }
        uint256 toChallenger = 0;
        if (state == LeafState.Slashed) {
            // A game slashed this fault already: one fault, one slash.
            emit Slashed(CAUSE_DISPUTE, disputeId, batch.host, 0, 0, 0, 0);
        } else {
            states[dispute.leaf] = LeafState.Slashed;
            (toChallenger,) = _slash(batch, dispute.requester, dispute.fee, CAUSE_DISPUTE, disputeId);
        }
        credits[dispute.verifier] += toChallenger + bond;
    }

    /// @notice Anyone may void a dispute the referee left past its deadline: no verdict, the bond
    /// goes back to the verifier and the leaf can be challenged again while the window is open.
    /// @param disputeId The dispute.
    function expireDispute(uint256 disputeId) external {
        Dispute storage dispute = _openDispute(disputeId);
        uint256 deadline = uint256(dispute.openedAt) + refereeTimeout;
        if (block.timestamp < deadline) revert RefereeTimeNotOver(disputeId, deadline);
        _closeDispute(dispute);
        mapping(bytes32 => LeafState) storage states = leafState[dispute.batchId];
        if (states[dispute.leaf] == LeafState.Disputed) states[dispute.leaf] = LeafState.Untouched;
        credits[dispute.verifier] += challengeBond;
        emit DisputeExpired(disputeId);
    }

    // ------------------------------------------------------------------ bisection games

    /// @notice Post exactly `challengeBond` and dispute a leaf's checkpoints. The leaf stays
    /// Untouched: anyone else may open a game on it too, so a game a colluder abandons shields
    /// nothing. The game runs over the registered model's layer count, not one the challenger
    /// names, so nobody can stretch it onto padding the host cannot prove.
    /// @param batchId The batch holding the leaf.
    /// @param leaf The committed result.
    /// @param proof Its Merkle proof.
    /// @return gameId The new game.
    function openGame(uint256 batchId, Leaf calldata leaf, bytes32[] calldata proof)
        external
        payable
        returns (uint256 gameId)
    {
        if (!isVerifier[msg.sender]) revert NotVerifier(msg.sender);
        if (msg.value != challengeBond) revert WrongBond(msg.value, challengeBond);
        (Batch storage batch, bytes32 leafHash) = _checkLeaf(batchId, leaf, proof);
        uint16 layers = models[batch.modelHash].layers;
        if (layers == 0) revert NoCheckpoints(batch.modelHash);
        batch.openDisputes += 1;
        bonds[batch.host].openCases += 1;

        // One checkpoint leaves nothing to bisect: the referee checks the only layer at once.
        Turn turn = layers == 1 ? Turn.Referee : Turn.Host;
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
        gameLeaf[gameId] = leafHash;
        emit GameOpened(gameId, batchId, msg.sender, leaf.jobId, leafHash, layers);
    }

    /// @notice The host reveals its committed digest of checkpoint `layer` = (lo + hi) / 2, proven
    /// against the leaf's checkpoint root. `layer` is only checked, so a caller that lost track of
    /// the game gets WrongLayer rather than a proof failure.
    /// @param gameId The game.
    /// @param layer The midpoint checkpoint.
    /// @param digest The host's digest of it.
    /// @param proof Its proof against the leaf's checkpoint root.
    function reveal(uint256 gameId, uint256 layer, bytes32 digest, bytes32[] calldata proof) external {
        Game storage game = _moveOf(gameId, Turn.Host);
        if (msg.sender != batches[game.batchId].host) revert NotBatchHost(msg.sender);
        uint256 mid = (uint256(game.lo) + game.hi) / 2;
        if (layer != mid) revert WrongLayer(layer, mid);
        if (proof.length != _depth(game.layers)) revert InvalidProof();
        if (_checkpointRootOf(digest, mid - 1, proof) != game.checkpointRoot) revert InvalidProof();
        game.revealed = digest;
        game.turn = Turn.Challenger;
        game.lastMoveAt = uint64(block.timestamp);
        emit GameMoved(gameId, game.lo, game.hi, uint8(Turn.Challenger), game.round);
    }

    /// @notice The challenger agrees (the fault is above mid) or disagrees (at or below mid) with
    /// the revealed checkpoint; the interval halves every round.
    /// @param gameId The game.
    /// @param agree Whether the challenger agrees with the revealed digest.
    function respond(uint256 gameId, bool agree) external {
        Game storage game = _moveOf(gameId, Turn.Challenger);
        if (msg.sender != game.challenger) revert NotChallenger(msg.sender);
        uint16 mid = uint16((uint256(game.lo) + game.hi) / 2);
        if (agree) {
            game.lo = mid;
        } else {
            game.hi = mid;
            game.hiDigest = game.revealed;
        }
        game.round += 1;
        Turn turn = game.hi - game.lo == 1 ? Turn.Referee : Turn.Host;
        game.turn = turn;
        game.lastMoveAt = uint64(block.timestamp);
        emit GameMoved(gameId, game.lo, game.hi, uint8(turn), game.round);
    }

    /// @notice The referee re-executed layer `hi` from the agreed checkpoint `lo`: the host loses
    /// iff the result differs from its own digest of checkpoint `hi`. Refused once the referee's
    /// deadline has passed.
    /// @param gameId The game.
    /// @param refereeDigest The referee's digest of checkpoint `hi`.
    function resolveGame(uint256 gameId, bytes32 refereeDigest) external onlyReferee {
        Game storage game = _gameOf(gameId);
        if (game.turn != Turn.Referee) revert WrongTurn(gameId, uint8(game.turn));
        uint256 deadline = uint256(game.lastMoveAt) + refereeTimeout;
        if (block.timestamp >= deadline) revert RefereeTimedOut(gameId, deadline);
        _closeGame(gameId, game, refereeDigest != game.hiDigest, false);
    }

    /// @notice Anyone may end a game whose host or challenger let its move time run out (that
    /// party loses), or whose referee let its deadline pass (the game is void and the bond goes
    /// back).
    /// @param gameId The game.
    function timeoutGame(uint256 gameId) external {
        Game storage game = _gameOf(gameId);
        Turn turn = game.turn;
        if (turn == Turn.Closed) revert WrongTurn(gameId, uint8(turn));
        if (turn == Turn.Referee) {
            uint256 refereeDeadline = uint256(game.lastMoveAt) + refereeTimeout;
            if (block.timestamp < refereeDeadline) revert RefereeTimeNotOver(gameId, refereeDeadline);
            game.turn = Turn.Closed;
            _closeCase(batches[game.batchId]);
            credits[game.challenger] += challengeBond;
            emit GameVoided(gameId);
            return;
        }
        uint256 deadline = uint256(game.lastMoveAt) + moveTimeout;
        if (block.timestamp < deadline) revert MoveTimeNotOver(gameId, deadline);
        _closeGame(gameId, game, turn == Turn.Host, true);
    }

    // ------------------------------------------------------------------ replication

    /// @notice Settle one job several hosts ran. With a strict majority, the minority's hosts are
    /// slashed (the challenger's share to the referee, who did the comparing) and their fees
    /// refunded; without one, nobody can be blamed and every fee is refunded. Either way every
    /// entry's leaf is settled for good, and each must be Untouched.
    /// @param jobId The job.
    /// @param entries Each host's copy of it.
    /// @param inMajority Whether each entry's result is in the majority.
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
        credits[msg.sender] += tally.toReferee;
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
        (Batch storage batch, bytes32 leafHash) = _checkLeaf(entry.batchId, entry.leaf, entry.proof);
        leafState[entry.batchId][leafHash] = LeafState.Settled;
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
    /// @param batchId The batch.
    /// @param gasToBurn Gas the modeled check costs.
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

    /// @notice Close a batch whose window is over and nothing is open on: its fees are credited
    /// to the host, who claims them, but for the burnPpm share, which is burned (burn-and-mint).
    /// @param batchId The batch.
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
        if (burnPpm != 0) {
            uint256 burned = (paid * burnPpm) / PPM;
            paid -= burned;
            totalBurned += burned;
            emit FeesBurned(batchId, burned);
        }
        emit Finalized(batchId, batch.host, paid);
        credits[batch.host] += paid;
    }

    /// @notice Pay the caller its whole credit: slash shares, bonds back, fees, bond splits.
    function claim() external {
        uint256 amount = credits[msg.sender];
        if (amount == 0) revert NothingToClaim();
        credits[msg.sender] = 0;
        emit Claimed(msg.sender, amount);
        _send(msg.sender, amount);
    }

    // ------------------------------------------------------------------ emissions

    /// @notice Release the emission accrued since the last release (or the deployment) and credit
    /// it to `hosts` pro rata to their active stake (stake minus the part unbonding), each share
    /// rounded down; the rounding remainder stays in the reserve. What accrued beyond the reserve
    /// left is forfeit, not owed later. Each host must hold at least minStake (and some stake)
    /// and appear once. The owner is the emission oracle: it decides which hosts are serving.
    /// @param hosts The hosts that share the emission.
    function emitToHosts(address[] calldata hosts) external onlyOwner {
        if (emissionRatePerSecond == 0) revert EmissionsOff();
        uint256 n = hosts.length;
        if (n == 0) revert NoHosts();
        uint256 required = minStake == 0 ? 1 : minStake;
        uint256[] memory weights = new uint256[](n);
        uint256 totalStake = 0;
        for (uint256 i = 0; i < n; ++i) {
            address host = hosts[i];
            // A transient mark per host finds duplicates in one pass; the second loop clears it.
            if (_marked(host)) revert DuplicateHost(host);
            _mark(host, true);
            Bond storage bond = bonds[host];
            uint256 active = bond.stake - bond.unbonding;
            if (active < required) revert HostNotBonded(host, active, required);
            weights[i] = active;
            totalStake += active;
        }
        uint256 amount = emissionAccrued(block.timestamp) - emissionAccrued(lastEmitAt);
        lastEmitAt = uint64(block.timestamp);
        uint256 reserve = emissionReserve;
        if (amount > reserve) amount = reserve;
        uint256 total = 0;
        for (uint256 i = 0; i < n; ++i) {
            address host = hosts[i];
            _mark(host, false);
            uint256 share = (amount * weights[i]) / totalStake;
            total += share;
            credits[host] += share;
            emit EmissionCredited(host, share);
        }
        emissionReserve = reserve - total;
        emit Emitted(total, n);
    }

    /// @notice Wei accrued from emissionStart to `time` (not capped by the reserve), rounded down:
    /// the integral of a rate R that halves every H seconds. After k whole halvings and r more
    /// seconds it is R·H·(1 + 1/2 + … + 1/2^(k−1)) + R·r/2^k = 2·R·H − R·(2·H − r)/2^k, worked out
    /// exactly in integers in constant time; without halvings it is R·(time − emissionStart).
    /// @param time A timestamp at or after emissionStart.
    /// @return Wei accrued by then.
    function emissionAccrued(uint256 time) public view returns (uint256) {
        uint256 rate = emissionRatePerSecond;
        if (rate == 0 || time <= emissionStart) return 0;
        uint256 elapsed = time - emissionStart;
        uint256 interval = halvingInterval;
        if (interval == 0) return rate * elapsed;
        uint256 era = elapsed / interval;
        uint256 tail = rate * (2 * interval - (elapsed % interval));
        // ⌈tail / 2^era⌉; a shift by 256 or more leaves 0 in Solidity, and tail > 0 here.
        uint256 owed = tail >> era;
        if (era >= 256 || owed << era != tail) owed += 1;
        return 2 * rate * interval - owed;
    }

    // ------------------------------------------------------------------ views

    /// @notice A host's bonded and unbonding stake.
    /// @param host The host.
    /// @return bonded All stake, unbonding included.
    /// @return unbonding The part asked back.
    /// @return availableAt When it may be withdrawn.
    function stakeOf(address host) external view returns (uint256 bonded, uint256 unbonding, uint64 availableAt) {
        Bond storage bond = bonds[host];
        return (bond.stake, bond.unbonding, bond.availableAt);
    }

    /// @notice Batches committed so far.
    function batchCount() external view returns (uint256) {
        return batches.length;
    }

    /// @notice Disputes opened so far.
    function disputeCount() external view returns (uint256) {
        return disputes.length;
    }

    /// @notice Games opened so far.
    function gameCount() external view returns (uint256) {
        return games.length;
    }

    // ------------------------------------------------------------------ internals

    /// @dev Check that `leaf` is in batch `batchId`, the batch still takes challenges and the leaf
    /// is Untouched (never disputed, slashed or settled; games leave it Untouched).
    function _checkLeaf(uint256 batchId, Leaf calldata leaf, bytes32[] calldata proof)
        private
        view
        returns (Batch storage batch, bytes32 leafHash)
    {
        if (batchId >= batches.length) revert UnknownBatch(batchId);
        batch = batches[batchId];
        if (block.timestamp >= batch.deadline) revert ChallengeWindowClosed(batchId, batch.deadline);
        leafHash = keccak256(abi.encode(leaf));
        if (_processProof(proof, leafHash) != batch.root) revert InvalidProof();
        if (leafState[batchId][leafHash] != LeafState.Untouched) revert LeafAlreadyTouched(batchId, leafHash);
    }

    function _openDispute(uint256 disputeId) private view returns (Dispute storage dispute) {
        if (disputeId >= disputes.length) revert UnknownDispute(disputeId);
        dispute = disputes[disputeId];
        if (!dispute.open) revert DisputeClosed(disputeId);
    }

    function _closeDispute(Dispute storage dispute) private returns (Batch storage batch) {
        dispute.open = false;
        batch = batches[dispute.batchId];
        _closeCase(batch);
    }

    /// @dev One dispute or game on `batch` is over: it no longer blocks finality or withdrawal.
    function _closeCase(Batch storage batch) private {
        batch.openDisputes -= 1;
        bonds[batch.host].openCases -= 1;
    }

    /// @dev A challenger lost: part of its bond is credited to the host it accused, the rest burned.
    function _forfeitBond(address host, uint256 bond) private returns (uint256 toHost, uint256 burned) {
        toHost = (bond * bondToWinnerPpm) / PPM;
        burned = bond - toHost;
        totalBurned += burned;
        credits[host] += toHost;
    }

    /// @dev Slash the batch's host for one faulty job and refund that job's fee. Returns the
    /// challenger's share (the caller credits it) and the refund.
    function _slash(Batch storage batch, address requester, uint256 fee, uint8 causeKind, uint256 causeId)
        private
        returns (uint256 toChallenger, uint256 refunded)
    {
        address host = batch.host;
        Bond storage bond = bonds[host];
        uint256 amount = slashOf(bond.stake, fee);
        toChallenger = (amount * challengerSharePpm) / PPM;
        uint256 burned = amount - toChallenger;
        bond.stake -= amount;
        // The unbonding part is slashable too: never let it exceed what is left bonded.
        if (bond.unbonding > bond.stake) bond.unbonding = bond.stake;
        totalBurned += burned;
        refunded = _refund(batch, requester, fee);
        emit Slashed(causeKind, causeId, host, amount, toChallenger, burned, refunded);
    }

    /// @notice What one proven fault of a job paying `fee` costs a host holding `stake`, by the
    /// slash rule, capped at `stake`.
    /// @param stake The host's bond (unbonding part included).
    /// @param fee The faulty job's fee.
    /// @return amount Wei slashed.
    function slashOf(uint256 stake, uint256 fee) public view returns (uint256 amount) {
        if (slashRule == SLASH_FIXED) {
            amount = slashAmount;
        } else if (slashRule == SLASH_VALUE_SCALED) {
            uint256 probability = fee >= alwaysCheckAbove ? PPM : checkProbabilityPpm;
            // A forged fee so large the product overflows would revert and freeze the verdict: it
            // takes the whole bond instead.
            amount = slashScalePpm != 0 && fee > type(uint256).max / slashScalePpm
                ? stake
                : (fee * slashScalePpm) / probability;
        } else {
            amount = (stake * slashFractionPpm) / PPM;
        }
        if (amount > stake) amount = stake;
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
    function _moveOf(uint256 gameId, Turn turn) private view returns (Game storage game) {
        game = _gameOf(gameId);
        if (game.turn != turn) revert WrongTurn(gameId, uint8(game.turn));
        // In 256 bits, so a huge moveTimeout means "never" rather than an overflow.
        uint256 deadline = uint256(game.lastMoveAt) + moveTimeout;
        if (block.timestamp >= deadline) revert MoveTimedOut(gameId, deadline);
    }

    /// @dev Settle a game. A losing host is slashed as in a dispute, unless another game or a
    /// dispute slashed the same leaf first (one fault, one slash); either way the challenger gets
    /// its bond back. A losing challenger's bond goes partly to the host, the rest is burned, and
    /// the leaf stays open to other challengers.
    function _closeGame(uint256 gameId, Game storage game, bool hostLost, bool byTimeout) private {
        game.turn = Turn.Closed;
        Batch storage batch = batches[game.batchId];
        _closeCase(batch);
        uint16 layer = byTimeout ? 0 : game.hi;
        uint256 bond = challengeBond;
        if (hostLost) {
            uint256 toChallenger = 0;
            mapping(bytes32 => LeafState) storage states = leafState[game.batchId];
            bytes32 leaf = gameLeaf[gameId];
            if (states[leaf] != LeafState.Slashed) {
                states[leaf] = LeafState.Slashed;
                (toChallenger,) = _slash(batch, game.requester, game.fee, CAUSE_GAME, gameId);
            }
            emit GameResolved(gameId, true, byTimeout, layer, game.round, 0, 0);
            credits[game.challenger] += toChallenger + bond;
        } else {
            (uint256 toHost, uint256 burned) = _forfeitBond(batch.host, bond);
            emit GameResolved(gameId, false, byTimeout, layer, game.round, toHost, burned);
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

    /// @dev The per-call duplicate mark of emitToHosts, in transient storage keyed by address (the
    /// contract keeps nothing else there).
    function _marked(address host) private view returns (bool marked) {
        assembly {
            marked := tload(host)
        }
    }

    function _mark(address host, bool marked) private {
        assembly {
            tstore(host, marked)
        }
    }

    function _send(address to, uint256 amount) private {
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert TransferFailed(to, amount);
    }
}
